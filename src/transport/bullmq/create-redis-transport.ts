import type { SymphonyConfig } from '../../config/config';
import type { Transport } from '../transport';
import { redisMetricsWriter } from './batched-worker-metrics';
import { BullMqTransport } from './bullmq-transport';
import { failFast, failFastOptions } from './fail-fast-redis';
import { createRedisClient, isMultiNodeDsn, type RedisClient } from './redis-connection';
import { RedisDedupStats } from './redis-dedup-stats';
import { disconnectWithDuplicates } from './stoppable-redis';
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
  client.on('error', () => undefined); // readiness and the producers' errors report outages
  // Consumers wait: workers keep their commands through an outage and reconnect by themselves.
  // Made on the first consume (a producer-only process holds one connection), and connecting at
  // once: BullMQ waits for a connecting client, but fails a worker on a lazy one that cannot connect.
  let workerClient: RedisClient | undefined;
  const consumerClient = (): RedisClient => {
    if (workerClient) return workerClient;
    workerClient = createRedisClient(dsn);
    workerClient.on('error', () => undefined);
    if (workerClient.status === 'wait') void workerClient.connect().catch(() => undefined); // a cluster
    return workerClient;
  };
  const layout = client.isCluster ? clusterLayout(config.redisPrefix) : singleNodeLayout(config.redisPrefix);
  const waitReplicas = isMultiNodeDsn(dsn) ? parseMultiNodeDsn(dsn).waitReplicas : 0;
  return new BullMqTransport({
    kind: 'redis',
    connection: client,
    workerConnection: consumerClient,
    cutWorkerConnection: () => {
      // ends at once, even while reconnecting, with the blocking connections BullMQ made of it
      if (workerClient) disconnectWithDuplicates(workerClient);
      workerClient = undefined; // a later consume connects afresh
    },
    producerFailsFast: true,
    // WAIT gets most of the producer's bound, so its own answer (not a timeout) says what happened
    ...(waitReplicas > 0
      ? {
          confirmWrite: (queue) =>
            confirmReplicated(client, queue.toKey('meta'), waitReplicas, Math.round(timeoutMs * 0.8)),
        }
      : {}),
    prefix: layout.queuePrefix,
    // Retention is the workers' (jobs store none of it): BullMQ applies it in the same finishing script.
    defaultJobOptions: {},
    workerRetention: {
      removeOnComplete: { count: config.retention.completedCount },
      removeOnFail: { age: config.retention.failedAgeSeconds },
    },
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
    telemetry: bullMqTelemetry(config.tracing),
    dedupStats: new RedisDedupStats(client, layout.symphonyPrefix),
    jobIndex: (queue) => new RedisJobIndex(client, queue),
    metricsWriter: (queue) => redisMetricsWriter(client, queue),
    close: async () => {
      await Promise.all([client, workerClient].map((c) => c && closeClient(c)));
    },
  });
}

/** quit waits for replies; when Redis is gone it would wait forever, so cut the socket instead. */
async function closeClient(client: RedisClient): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}
