import type { SymphonyConfig } from '../../config/config';
import type { Transport } from '../transport';
import { BullMqTransport } from './bullmq-transport';
import { failFast, failFastOptions } from './fail-fast-redis';
import { createRedisClient, isMultiNodeDsn, type RedisClient } from './redis-connection';
import { RedisDedupStats } from './redis-dedup-stats';
import { RedisJobIndex } from './redis-job-index';
import { parseMultiNodeDsn } from './redis-dsn';
import { clusterLayout, singleNodeLayout } from './redis-key-layout';
import { confirmReplicated } from './redis-replication';
import { bullMqTelemetry } from './bullmq-telemetry';

/**
 * DSN redis://, rediss://, redis+cluster:// or redis+sentinel:// -> BullMQ on Redis, with
 * Symphony's retention defaults.
 */
export function createRedisTransport(dsn: string, config: SymphonyConfig): Transport {
  // Producers fail fast (dispatch, status, admin): their commands wait at most storeTimeoutMs.
  const timeoutMs = config.storeTimeoutMs;
  const client = failFast(createRedisClient(dsn, failFastOptions()), timeoutMs);
  // Consumers wait: workers keep their commands through an outage and reconnect by themselves.
  // Connected on a worker's first use, so a producer-only process holds one connection.
  const workerClient = createRedisClient(dsn, { lazyConnect: true });
  for (const c of [client, workerClient]) c.on('error', () => undefined); // readiness reports outages
  const layout = client.isCluster ? clusterLayout(config.redisPrefix) : singleNodeLayout(config.redisPrefix);
  const waitReplicas = isMultiNodeDsn(dsn) ? parseMultiNodeDsn(dsn).waitReplicas : 0;
  return new BullMqTransport({
    kind: 'redis',
    connection: client,
    workerConnection: workerClient,
    producerFailsFast: true,
    // WAIT gets most of the producer's bound, so its own answer (not a timeout) says what happened
    ...(waitReplicas > 0
      ? {
          confirmWrite: (queue) =>
            confirmReplicated(client, queue.toKey('meta'), waitReplicas, Math.round(timeoutMs * 0.8)),
        }
      : {}),
    prefix: layout.queuePrefix,
    defaultJobOptions: {
      removeOnComplete: { count: config.retention.completedCount },
      removeOnFail: { age: config.retention.failedAgeSeconds },
    },
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
    telemetry: bullMqTelemetry(config.tracing),
    dedupStats: new RedisDedupStats(client, layout.symphonyPrefix),
    jobIndex: (queue) => new RedisJobIndex(client, queue),
    close: () => Promise.all([client, workerClient].map(closeClient)).then(() => undefined),
  });
}

/** quit waits for replies; when Redis is gone it would wait forever, so cut the socket instead. */
async function closeClient(client: RedisClient): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}
