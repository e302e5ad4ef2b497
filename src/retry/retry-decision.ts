import { isRetryable, retryDelayOf } from '../errors';
import type { DeliveryInfo } from '../transport/transport';
import type { RetryStrategy } from './retry-strategy';

/** The one rule every transport follows: RecoverableError always retries, UnrecoverableError never. */
export function willRetry(error: unknown, delivery: DeliveryInfo): boolean {
  const retryable = isRetryable(error);
  if (retryable !== undefined) return retryable;
  return delivery.attempt < delivery.maxAttempts;
}

/** The wait before retry number `retry`: what the error asked for (a Retry-After), else the strategy's. */
export function retryDelay(error: unknown, strategy: RetryStrategy, retry: number): number {
  return retryDelayOf(error) ?? strategy.delayFor(retry);
}
