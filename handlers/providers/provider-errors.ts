import { RecoverableError, SymphonyError, UnrecoverableError } from '../../src/errors';

/**
 * A provider's answer, classified: `rejected` will never succeed (fail now), `throttled` asks to
 * come back later (always retried, after Retry-After when given), `unavailable` may succeed later
 * (retried while the queue's attempts last, after Retry-After when given).
 */
export type ProviderVerdict =
  | { kind: 'rejected'; reason: string }
  | { kind: 'throttled'; reason: string; retryAfterMs?: number }
  | { kind: 'unavailable'; reason: string; retryAfterMs?: number };

/** 5xx, timeouts and lost connections: worth retrying, but not forever (the queue's maxRetries). */
export class ProviderUnavailableError extends SymphonyError {
  readonly retryDelayMs?: number;
  constructor(message: string, options: { cause?: unknown; retryDelayMs?: number } = {}) {
    super('PROVIDER_UNAVAILABLE', message, options);
    if (options.retryDelayMs !== undefined) this.retryDelayMs = options.retryDelayMs;
  }
}

/** The error a handler throws for a classified provider failure; its message carries the provider's reason. */
export function providerError(provider: string, verdict: ProviderVerdict, cause?: unknown): Error {
  switch (verdict.kind) {
    case 'rejected':
      return new UnrecoverableError(`${provider} rejected the message: ${verdict.reason}`, { cause });
    case 'throttled':
      return new RecoverableError(`${provider} is throttling: ${verdict.reason}; retrying later`, {
        cause,
        retryDelayMs: verdict.retryAfterMs,
      });
    case 'unavailable':
      return new ProviderUnavailableError(`${provider} unavailable: ${verdict.reason}; retrying`, {
        cause,
        retryDelayMs: verdict.retryAfterMs,
      });
  }
}
