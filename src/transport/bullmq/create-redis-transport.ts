import type { SymphonyConfig } from '../../config/config';
import type { Transport } from '../transport';
import { BullMqTransport } from './bullmq-transport';
import { createRedisClient } from './redis-connection';
import { RedisDedupStats } from './redis-dedup-stats';
import { RedisJobIndex } from './redis-job-index';
import { clusterLayout, singleNodeLayout } from './redis-key-layout';

/**
 * DSN redis://, rediss://, redis+cluster:// or redis+sentinel:// -> BullMQ on Redis, with
 * Symphony's retention defaults.
 */
export function createRedisTransport(dsn: string, config: SymphonyConfig): Transport {
  const client = createRedisClient(dsn);
  client.on('error', () => undefined); // ioredis reconnects by itself; readiness checks report outages
  const layout = client.isCluster ? clusterLayout(config.redisPrefix) : singleNodeLayout(config.redisPrefix);
  return new BullMqTransport({
    kind: 'redis',
    connection: client,
    workerConnection: client,
    prefix: layout.queuePrefix,
    defaultJobOptions: {
      removeOnComplete: { count: config.retention.completedCount },
      removeOnFail: { age: config.retention.failedAgeSeconds },
    },
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
    dedupStats: new RedisDedupStats(client, layout.symphonyPrefix),
    jobIndex: (queue) => new RedisJobIndex(client, queue),
    close: async () => {
      // quit waits for replies; when Redis is gone it would wait forever, so cut the socket instead
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  });
}
