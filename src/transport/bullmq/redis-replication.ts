import { TransportUnavailableError } from '../../errors';
import type { RedisClient } from './redis-connection';

/**
 * Resolves once `replicas` replicas hold every write this client sent so far to the node that
 * owns `routeKey` (Redis WAIT). WAIT counts the writes of its own connection, so it rides in a
 * pipeline with a read of the queue's key: on a cluster that sends it down the connection the
 * queue's writes took. Fewer replicas in time: the write is on the master only and a failover now
 * could lose it, so the dispatch is not acknowledged (an ambiguous TRANSPORT_UNAVAILABLE).
 */
export async function confirmReplicated(
  client: RedisClient,
  routeKey: string,
  replicas: number,
  timeoutMs: number,
): Promise<void> {
  const replies = (await client.pipeline().exists(routeKey).wait(replicas, timeoutMs).exec()) ?? [];
  const [error, acknowledged] = replies[1] ?? [new Error('no reply to WAIT')];
  if (error) throw error;
  if (Number(acknowledged) < replicas) {
    throw new TransportUnavailableError(
      `Stored on the Redis master but confirmed by ${Number(acknowledged)} of ${replicas} replicas within ${timeoutMs} ms ` +
        '(waitReplicas): a failover now could lose it. A dispatch retried with the same idempotency key is stored at most once.',
      Math.max(1, Math.ceil(timeoutMs / 1000)),
      true,
    );
  }
}
