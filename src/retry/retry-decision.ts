import { isRetryable } from '../errors';
import type { DeliveryInfo } from '../transport/transport';

/** The one rule every transport follows: RecoverableError always retries, UnrecoverableError never. */
export function willRetry(error: unknown, delivery: DeliveryInfo): boolean {
  const retryable = isRetryable(error);
  if (retryable !== undefined) return retryable;
  return delivery.attempt < delivery.maxAttempts;
}
