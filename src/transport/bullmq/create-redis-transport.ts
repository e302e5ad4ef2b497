import type { SymphonyConfig } from '../../config/config';
import type { Transport } from '../transport';
import { BullMqTransport } from './bullmq-transport';
import { createRedisClient } from './redis-connection';
import { RedisDedupStats } from './redis-dedup-stats';

/** DSN redis:// or rediss:// -> BullMQ on Redis, with Symphony's retention defaults. */
export function createRedisTransport(dsn: string, config: SymphonyConfig): Transport {
  const client = createRedisClient(dsn);
  client.on('error', () => undefined); // ioredis reconnects by itself; readiness checks report outages
  return new BullMqTransport({
    kind: 'redis',
    connection: client,
    workerConnection: client,
    prefix: config.redisPrefix,
    defaultJobOptions: {
      removeOnComplete: { count: config.retention.completedCount },
      removeOnFail: { age: config.retention.failedAgeSeconds },
    },
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
    dedupStats: new RedisDedupStats(client, config.redisPrefix),
    close: async () => {
      // quit waits for replies; when Redis is gone it would wait forever, so cut the socket instead
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  });
}
