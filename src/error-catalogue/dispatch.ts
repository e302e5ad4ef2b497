import type { ErrorCatalogueEntry } from './entry';

/** The error codes of one area of the guide: dispatching. */
export const DISPATCH_ERRORS = {
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
} as const satisfies Record<string, ErrorCatalogueEntry>;
