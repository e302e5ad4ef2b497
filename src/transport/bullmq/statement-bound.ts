import { TransportUnavailableError } from '../../errors';

/**
 * A producer's statement on PostgreSQL answers within `timeoutMs` or fails with an ambiguous
 * TRANSPORT_UNAVAILABLE: the server may still run it (a hung server, a lost reply), so a dispatch
 * is retried with the same idempotency key. Waiting for a connection is bounded by the pool's
 * connectionTimeoutMillis (the same bound), after which nothing is sent at all.
 */
export function withinBound<T>(work: Promise<T>, timeoutMs: number | undefined, display: string): Promise<T> {
  if (timeoutMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new TransportUnavailableError(
            `PostgreSQL at ${display} did not answer within ${timeoutMs} ms: the statement may or may not have been applied. ` +
              'A dispatch retried with the same idempotency key is stored at most once.',
            Math.max(1, Math.ceil(timeoutMs / 1000)),
            true,
          ),
        ),
      timeoutMs,
    );
  });
  work.catch(() => undefined); // settled after the bound: nobody is waiting for it any more
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
