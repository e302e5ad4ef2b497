import type { ErrorCatalogueEntry } from './entry';

/** The error codes of one area of the guide: handling. */
export const HANDLING_ERRORS = {
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
} as const satisfies Record<string, ErrorCatalogueEntry>;
