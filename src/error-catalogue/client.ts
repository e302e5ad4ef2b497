import type { ErrorCatalogueEntry } from './entry';

/** The error codes of one area of the guide: the HTTP client, and the CLI through a running server. */
export const CLIENT_ERRORS = {
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
