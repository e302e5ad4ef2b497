/**
 * Every stable error code Symphony reports, with its usual cause and its fix: the source of
 * docs/troubleshooting.md (`npm run docs:troubleshooting`). A test fails when a code raised in
 * src/, dashboard/ or handlers/ is missing here, or listed here and raised nowhere. Text is
 * Markdown; links are relative to docs/.
 */

/** Where an error shows up: one section of the guide each, in this order. */
export const ERROR_AREAS = {
  setup: 'Configuration and start-up',
  dispatch: 'Dispatching',
  store: 'Stores: Redis, PostgreSQL, embedded',
  handling: 'Handling and retries',
  operations: 'Failed messages, search, schedules, campaigns',
  http: 'HTTP API and admin UI',
  client: 'HTTP clients',
} as const;

export interface ErrorCatalogueEntry {
  area: keyof typeof ERROR_AREAS;
  cause: string;
  fix: string;
  /** For codes the HTTP layer makes itself; the others get theirs from src/http/error-mapping.ts. */
  status?: number;
}

export const ERROR_CATALOGUE = {
  // --- configuration and start-up ---
  CONFIG_INVALID: {
    area: 'setup',
    cause:
      'A setting or the app definition is wrong, found before anything runs: an environment variable of the wrong ' +
      'kind or out of its range (`Invalid environment: SYMPHONY_HTTP_PORT: …`); no API token for an API that is not ' +
      'on loopback in development; a token shorter than 16 characters, or one token in two roles; a provider ' +
      'setting missing in production (`No e-mail provider in production`); a routing pattern, message type, DSN ' +
      'scheme, queue option, schedule or alert rule that cannot work; an `environments` override naming something ' +
      'the app does not have.',
    fix:
      'The message names the variable or field (each one is in `fields` of the `ConfigError`): correct it. ' +
      '`symphony config:show` checks the whole configuration for the current `NODE_ENV` without connecting to ' +
      'anything. Every variable and its range: [README, Configuration](../README.md#configuration); bounds of ' +
      'options: [delivery-semantics.md](delivery-semantics.md#bounds).',
  },
  APP_NOT_FOUND: {
    area: 'setup',
    cause:
      'A CLI command found no app to load: no `symphony.config.ts` (or `.mts`, `.cts`, `.js`, `.mjs`, `.cjs`) in ' +
      'the working directory, or `--app` / `SYMPHONY_APP` names a module that does not exist. No store was touched.',
    fix:
      'Run the command from the project root, create `symphony.config.ts` there with ' +
      '`export default defineApp({ messages, routing, handlers })`, or pass `--app <path>`.',
  },
  DEPENDENCY_MISSING: {
    area: 'setup',
    cause:
      'A feature needs an optional peer dependency that is not installed: the HTTP API and admin UI (`serve`, ' +
      '`start`), the embedded store (`@electric-sql/pglite`), traces (`@opentelemetry/sdk-node`, `bullmq-otel`), ' +
      'metrics (`prom-client`), `tsx` for the CLI to load a TypeScript app, or `nodemailer` for the example ' +
      "handlers' SMTP. A producer installs none of them.",
    fix:
      'Run the `npm install …` the message prints. What each feature needs: ' +
      '[nextjs.md, Packaging](nextjs.md#packaging-what-a-project-installs).',
  },

  // --- dispatching ---
  VALIDATION_FAILED: {
    area: 'dispatch',
    cause:
      "A body does not match its type's zod schema, a dispatch option is malformed or out of range " +
      '(`options.delay`, `options.priority`, an unknown `queue`), or an HTTP request or CLI argument is invalid. ' +
      'In a worker: a body that fails the schema when consumed (the producer runs other code than the worker), or ' +
      'stored data that cannot be read (`Unreadable stored message`).',
    fix:
      'Each field path and problem is listed (`issues` in code, `details` over HTTP, one line each in the CLI): ' +
      'fix those fields; nothing was stored. A message that fails when consumed is not retried: it is in the ' +
      'failed store; deploy code that reads it, then `symphony failed:retry` it, or remove it.',
  },
  UNKNOWN_TYPE: {
    area: 'dispatch',
    cause:
      "The message type is not in the app's `messages` (a typo, or the process runs older code than the type). " +
      'In a worker, a stored message of a type this app does not define fails the same way, straight to the ' +
      'failed store.',
    fix:
      "Define it with `defineMessage()` and add it to the app's `messages`; over HTTP, compare the `type` with " +
      'the types in `GET /api/symphony/openapi.json`.',
  },
  UNROUTABLE: {
    area: 'dispatch',
    cause:
      'No routing entry matches the type (no exact type, no `prefix.*`, no `*` fallback) and the dispatch named ' +
      'no `queue`. The message was not stored.',
    fix:
      'Add the type, a `prefix.*` entry or a `*` fallback to the routing table ' +
      '([guide.md, Routing](guide.md#routing)), or pass `queue` (CLI `--queue`).',
  },

  // --- reaching the store ---
  TRANSPORT_UNAVAILABLE: {
    area: 'store',
    cause:
      'A producer (a dispatch, the HTTP API, a CLI command) got no answer from Redis or PostgreSQL within ' +
      '`SYMPHONY_STORE_TIMEOUT_MS` (default 5 s): the server is down, restarting, failing over or unreachable; with ' +
      '`waitReplicas`, no replica confirmed the write in time. `ambiguous: false` means nothing was sent; ' +
      '`ambiguous: true` that the command may have been applied.',
    fix:
      'Bring the store back or fix the network: nothing refused is stored later. Retry a dispatch after ' +
      '`retryAfterSeconds` (HTTP `Retry-After`) with the same idempotency key, which makes an ambiguous one safe ' +
      '([guide.md](guide.md#when-the-store-is-down-fail-fast-retry-with-the-same-key)). Workers never fail this ' +
      'way: they wait and reconnect by themselves.',
  },
  TRANSPORT_FAILED: {
    area: 'store',
    cause:
      'A transport cannot be used as configured: a malformed Redis DSN, a CLI command whose stores did not answer ' +
      'when it started (`the redis store of emails is not usable (unreachable)`), or a server holding the embedded ' +
      'store that does not answer its API.',
    fix:
      "Check `SYMPHONY_TRANSPORT_DSN` (and each queue's `dsn`) and that the server runs; `symphony config:show` " +
      'prints the DSNs in use with passwords masked. For the embedded store, stop the server that holds it and run ' +
      'the command again.',
  },
  DB_UNREACHABLE: {
    area: 'store',
    cause:
      "PostgreSQL cannot be reached (connection refused, unknown host, no connection within the DSN's " +
      "`connect_timeout`), or the embedded store's directory cannot be opened.",
    fix:
      'Check host, port and that the server runs (`pg_isready -h <host> -p <port>`); for `pglite://`, check the ' +
      'directory, or delete it to start empty. A worker on PostgreSQL refuses to start meanwhile (exit 1): its ' +
      'supervisor restarts it.',
  },
  DB_AUTH_FAILED: {
    area: 'store',
    cause: 'PostgreSQL refused the login: wrong user or password, or no `pg_hba.conf` entry for this client.',
    fix: "Fix user and password in the DSN (URL-encode special characters), or the server's `pg_hba.conf`.",
  },
  DB_NOT_FOUND: {
    area: 'store',
    cause: 'The database named in the DSN does not exist.',
    fix: 'Create it (`createdb <name>`) or fix its name in the DSN.',
  },
  DB_SCHEMA_OUTDATED: {
    area: 'store',
    cause:
      "The store's schema is missing or older than this Symphony needs (a new database, or an upgrade that brings " +
      'a new BullMQ schema version) and nothing migrates it by itself (`SYMPHONY_AUTO_MIGRATE` is off outside ' +
      'development). `db:status` exits 1 with it while a store is behind.',
    fix:
      'Run `symphony db:migrate` as a deploy step, or apply `symphony db:sql --from <version>` with your migration ' +
      'tool ([postgres.md](postgres.md#schema-management)); `SYMPHONY_AUTO_MIGRATE=true` lets the first process ' +
      'migrate.',
  },
  DB_SCHEMA_TOO_NEW: {
    area: 'store',
    cause:
      "The schema was migrated by a newer BullMQ major than this Symphony's (the code was rolled back after an " +
      'upgrade).',
    fix: 'Run the Symphony version that migrated it, or a newer one: schema downgrades are not supported.',
  },
  DB_POOLER_UNSUPPORTED: {
    area: 'store',
    cause:
      'A worker, a migration or a `db:*` command on a transaction-mode pooler (port 6543, or `pgbouncer=true`), ' +
      "which drops `LISTEN/NOTIFY` and session locks; or a dispatch through one while the role's `search_path` " +
      "does not name Symphony's schema.",
    fix:
      'Consume and migrate over the direct connection or the session-mode pooler (port 5432); for dispatches ' +
      'through the transaction pooler, run the `ALTER ROLE … SET search_path` the message prints ' +
      '([postgres.md, Supabase](postgres.md#supabase)).',
  },
  DB_STORE_LOCKED: {
    area: 'store',
    cause:
      'The embedded store (`pglite://`) is open in another process: PGlite allows one process at a time, and the ' +
      'message names the one holding it. A lock left by a process that died is taken over by itself.',
    fix:
      'Stop that process, or let the CLI go through it (see [postgres.md, the embedded store]' +
      '(postgres.md#the-embedded-store-pglite)); for several processes, use Redis or PostgreSQL ' +
      '(`SYMPHONY_TRANSPORT_DSN`).',
  },

  // --- handling ---
  NO_HANDLER: {
    area: 'handling',
    cause:
      "A worker consumed a message whose type has no handler in its app (missing from the app's `handlers`, or " +
      'the worker runs older code than the producer). It is not retried: it goes to the failed store.',
    fix:
      "Add the handler to the app's `handlers` and deploy the workers, then " +
      '`symphony failed:retry --all --type <type>`.',
  },
  HANDLER_FAILED: {
    area: 'handling',
    cause:
      'A handler of the message threw (with several handlers, one or more did; `failures` lists each ' +
      '`{handler, error}`). The message reads `1 handler(s) failed for "email.send": send-email: …`. It is ' +
      "retried by its queue's retry strategy, unless every failure is unrecoverable.",
    fix:
      "Read the handler's own error: the worker's `retry` / `failed` log line, or `symphony failed:show <id>` with " +
      'its stack. Once fixed, `failed:retry` what used up its attempts. A retry runs every handler of the type ' +
      'again, so they must be idempotent ([best-practices.md](best-practices.md)).',
  },
  UNRECOVERABLE: {
    area: 'handling',
    cause:
      'A handler threw `UnrecoverableError`: a failure no retry can fix (a provider that rejected the address for ' +
      'good, such as the log e-mail provider for `@invalid.example`). The message fails at once, whatever attempts ' +
      'are left.',
    fix:
      'It is in the failed store with the reason (`symphony failed:list`): fix the data or the recipient and ' +
      '`failed:retry` it, or `failed:remove` it.',
  },
  RECOVERABLE: {
    area: 'handling',
    cause:
      'A handler threw `RecoverableError` (a provider throttling, a resource held elsewhere): it is retried even ' +
      'past `maxRetries`, after its `retryDelayMs` when given, else the retry strategy’s delay.',
    fix:
      'Nothing while the condition is temporary. One that never clears keeps the message retrying: find it with ' +
      '`symphony messages:search --type <type>` and remove it, or fix the condition.',
  },
  PROVIDER_UNAVAILABLE: {
    area: 'handling',
    cause:
      "The e-mail or SMS provider of this repository's example handlers failed in a way that may pass (HTTP 5xx or " +
      "408, SMTP 4xx, a timeout, a refused connection, DNS, TLS): retried while the queue's `maxRetries` last, " +
      'after `Retry-After` when the provider sent one.',
    fix:
      'Check the provider (`SMTP_URL`, `TWILIO_*`) and its status; what used up its attempts is in the failed ' +
      'store, ready for `failed:retry` once the provider is back ([migration.md](migration.md#providers)).',
  },

  // --- acting on messages, schedules, queues, campaigns ---
  FAILED_STORE_UNAVAILABLE: {
    area: 'operations',
    cause:
      'A failed-message command or route named a queue on `sync://`, which keeps no failed messages (its errors ' +
      'are thrown from `dispatch`).',
    fix:
      'Leave that queue out (`--queue`), or move it to a store that keeps them: Redis, PostgreSQL or the embedded ' +
      'store (`memory://` in tests).',
  },
  FAILED_NOT_FOUND: {
    area: 'operations',
    cause:
      'No failed message has that id (in that queue, when one was given): it was retried, removed, or expired ' +
      'after `SYMPHONY_FAILED_RETENTION_DAYS`.',
    fix: '`symphony failed:list` shows what is there; `symphony messages:show <id>` finds a message in any state.',
  },
  MESSAGE_NOT_FOUND: {
    area: 'operations',
    cause:
      'No message with that id in any queue and state (or in the queue given): removed, or dropped by retention ' +
      '(`SYMPHONY_KEEP_COMPLETED`, `SYMPHONY_FAILED_RETENTION_DAYS`).',
    fix: 'Search by type, time, idempotency key or text: `symphony messages:search` ([search.md](search.md)).',
  },
  MESSAGE_STATE_CONFLICT: {
    area: 'operations',
    cause:
      "The action does not fit the message's current state, which may have just changed: only a failed message " +
      'can be retried and only a delayed one promoted; an active one (a worker has it) and the pending run of a ' +
      'schedule cannot be removed.',
    fix:
      'Look at its state (`symphony messages:show <id>`) and act on what it is now; for a schedule’s run, pause ' +
      'or remove the schedule.',
  },
  SCHEDULE_NOT_FOUND: {
    area: 'operations',
    cause: 'A runtime schedule command or route named an id that no schedule has.',
    fix: '`symphony schedule:list` shows the ids ([schedules.md](schedules.md#runtime-management)).',
  },
  UNSUPPORTED: {
    area: 'operations',
    cause:
      "The queue's transport lacks what was asked: runtime control (pause, concurrency, rate limit) or a search " +
      'of stored messages on `sync://`, which stores nothing.',
    fix: 'Leave that queue out, or put it on Redis, PostgreSQL or the embedded store.',
  },
  CAMPAIGN_NOT_FOUND: {
    area: 'operations',
    cause: '`campaign:status` (or `GET /campaigns/:id`) named a campaign that is not in the legacy database.',
    fix: "Check the id against the campaigns table's id column (the mapping in `queues/legacy.ts`).",
  },
  CONTACT_NOT_FOUND: {
    area: 'operations',
    cause: '`sms:opt-out` (or `POST /sms/opt-out`) named a phone number that no contact has.',
    fix: 'Give the number as stored, in E.164 form (`+33612345678`).',
  },

  // --- HTTP API and admin UI ---
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

  // --- the HTTP client, and the CLI through a running server ---
  API_UNREACHABLE: {
    area: 'client',
    cause:
      'The HTTP client (`symphony-messenger/client`) got no answer: connection refused, DNS, TLS (`status` 0). ' +
      'Requests safe to repeat were retried first.',
    fix: 'Check the base URL and that the API runs and is reachable from where the client runs.',
  },
  API_TIMEOUT: {
    area: 'client',
    cause: "No answer within the client's `timeoutMs` (default 10 s) on every attempt (`status` 0).",
    fix:
      'Check the API’s health (`GET /readyz`) and its store; raise `timeoutMs` if requests are slow by nature ' +
      '(large batches).',
  },
  HTTP_ERROR: {
    area: 'client',
    cause:
      "The CLI went through the server holding the embedded store and got an error answer without Symphony's " +
      'error shape (another program answering on that port, a proxy page). The HTTP client reports the same case ' +
      'as `HTTP_<status>` (`HTTP_502`).',
    fix: 'Check what listens on the address the server announced; stop the server and run the command again.',
  },
} as const satisfies Record<string, ErrorCatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
