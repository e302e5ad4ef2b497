import type { ErrorCatalogueEntry } from './entry';

/** The error codes of one area of the guide: HTTP API and admin UI. */
export const HTTP_ERRORS = {
  UNAUTHORIZED: {
    area: 'http',
    status: 401,
    cause:
      'No `Authorization: Bearer …` header, a token the server does not know (rotated away, or from another ' +
      'environment), or an admin UI session that is missing or expired.',
    fix:
      'Send a token from the server’s `SYMPHONY_ADMIN_TOKENS`, `SYMPHONY_DISPATCHER_TOKENS` or ' +
      '`SYMPHONY_VIEWER_TOKENS` ([http-api.md](http-api.md#authentication-and-roles)); in the admin UI, log in again.',
  },
  FORBIDDEN: {
    area: 'http',
    status: 403,
    cause:
      "The token's role may not do this: viewers read, dispatchers dispatch and consume (and read no message " +
      'bodies), admins do everything.',
    fix: 'Use a token of one of the roles the message lists.',
  },
  CSRF_INVALID: {
    area: 'http',
    status: 403,
    cause:
      "An admin UI change sent without the session's CSRF token (a page left open across a new login), or a Bull " +
      'Board write from another origin.',
    fix: 'Reload the page and try again; use Bull Board from its own page ([admin-ui.md](admin-ui.md)).',
  },
  RATE_LIMITED: {
    area: 'http',
    status: 429,
    cause:
      'More than `SYMPHONY_DISPATCH_RATE_LIMIT` dispatch requests (default 600) for one token within ' +
      '`SYMPHONY_DISPATCH_RATE_WINDOW_MS` (default 60 s), counted by each API process.',
    fix:
      'Wait the `Retry-After` seconds; send batches (`POST /dispatch/batch`, up to 1,000 messages a request) ' +
      'rather than a request per message, or raise the limit.',
  },
  NOT_FOUND: {
    area: 'http',
    status: 404,
    cause: 'No route for that method and path (or no such admin UI action).',
    fix:
      'Every API route is under `/api/symphony`: compare the path with [http-api.md](http-api.md#routes) or ' +
      '`GET /api/symphony/openapi.json`.',
  },
  QUEUE_NOT_FOUND: {
    area: 'http',
    status: 404,
    cause: 'A queue route named a queue the app does not have.',
    fix: 'Use one of the queues the message lists.',
  },
  SCHEDULE_IN_CODE: {
    area: 'http',
    status: 409,
    cause: '`PUT /schedules/:id` tried to replace a schedule declared in code.',
    fix: 'Change its declaration (`queues/schedules.ts`) and deploy, or pick another id for a runtime schedule.',
  },
  BATCH_TOO_LARGE: {
    area: 'http',
    status: 400,
    cause: '`POST /dispatch/batch` with more than 1,000 messages.',
    fix: 'Split it into several requests (from code, `dispatchBatch` takes up to 100,000).',
  },
  MALFORMED_JSON: {
    area: 'http',
    status: 400,
    cause: 'The request body is not valid JSON, or is a bare string or number.',
    fix: 'Send a JSON object (or array, where the route takes one).',
  },
  MALFORMED_PATH: {
    area: 'http',
    status: 400,
    cause: 'A path parameter is not valid percent-encoding (a lone `%`, an escape that is not UTF-8).',
    fix: 'Encode ids in paths with `encodeURIComponent`.',
  },
  PAYLOAD_TOO_LARGE: {
    area: 'http',
    status: 413,
    cause: 'The request body is larger than `SYMPHONY_HTTP_BODY_LIMIT_KB` (default 256).',
    fix:
      'Send smaller batches, or references instead of large bodies ([best-practices.md](best-practices.md#what-to-put-in-a-body)); ' +
      'or raise the limit.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    area: 'http',
    status: 415,
    cause:
      "A body that is not `application/json` (curl's `-d` sends a form unless told otherwise), or a charset or " +
      'content encoding the server does not read.',
    fix: 'Send UTF-8 JSON with `Content-Type: application/json`.',
  },
  REQUEST_ABORTED: {
    area: 'http',
    status: 400,
    cause: 'The client went away before its body arrived. Nothing was done.',
    fix: 'Send the request again.',
  },
  BAD_REQUEST: {
    area: 'http',
    status: 400,
    cause: 'The body’s size does not match its `Content-Length` header (a client or proxy fault).',
    fix: 'Send the body as declared; check any proxy that rewrites bodies.',
  },
  NOT_READY: {
    area: 'http',
    status: 503,
    cause:
      '`GET /readyz`: a store does not answer or cannot be used; `details` says which and why ' +
      '(`redis:emails,sms: unreachable`, `DB_SCHEMA_OUTDATED`).',
    fix: 'Fix the store as its reason says; the probe answers 200 again by itself.',
  },
  BAD_SIGNATURE: {
    area: 'http',
    status: 403,
    cause:
      "The inbound SMS webhook's `X-Twilio-Signature` does not match: the request is not from Twilio, or " +
      '`SYMPHONY_PUBLIC_URL` is not the address Twilio calls (behind a proxy the server sees another URL).',
    fix: "Set `SYMPHONY_PUBLIC_URL` to the URL Twilio calls, and `TWILIO_AUTH_TOKEN` to the account's token.",
  },
  WEBHOOK_NOT_CONFIGURED: {
    area: 'http',
    status: 503,
    cause:
      'The inbound SMS webhook in production without `TWILIO_AUTH_TOKEN`: unsigned requests are refused.',
    fix: 'Set `TWILIO_AUTH_TOKEN` ([migration.md](migration.md#sms-drips-and-opt-outs)).',
  },
  INTERNAL: {
    area: 'http',
    status: 500,
    cause: 'An unexpected error in the server (a bug); the answer carries no detail on purpose.',
    fix: 'Quote the `X-Request-Id` header of the answer: the server logged the error with its stack under that id.',
  },
} as const satisfies Record<string, ErrorCatalogueEntry>;
