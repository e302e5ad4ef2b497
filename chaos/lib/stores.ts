import { randomUUID } from 'node:crypto';
import { RedisProcess } from '../../test/helpers/redis-process';
import { startRedisCluster, type TestRedisCluster } from '../../test/helpers/redis-cluster';
import { startRedisSentinel, type TestRedisSentinel } from '../../test/helpers/redis-sentinel';
import { ChaosPostgres } from './postgres-server';

export type StoreKind = 'redis' | 'postgres' | 'redis-cluster' | 'redis-sentinel';
export const STORE_KINDS: readonly StoreKind[] = ['redis', 'postgres', 'redis-cluster', 'redis-sentinel'];

export interface StoreOptions {
  /** Redis persistence: none, or AOF with this fsync policy. */
  aof?: 'always' | 'everysec';
  /** Replicas per master (Sentinel, Cluster): a failover needs one, confirming writes after it two. */
  replicas?: number;
  /** Sentinel, Cluster: dispatches acknowledged once this many replicas hold them (DSN waitReplicas). */
  waitReplicas?: number;
}

/** A store of one kind on loopback, with the faults a scenario may inject. */
export interface ChaosStore {
  kind: StoreKind;
  /** DSN for producers and workers (a schema of its own on PostgreSQL). */
  dsn: string;
  /** SYMPHONY_REDIS_PREFIX for producers and workers. */
  prefix: string;
  /** Stops the server that holds the queue: `crash` is kill -9, `stop` a clean shutdown. */
  down(how: 'crash' | 'stop'): Promise<void>;
  /** Starts it again from its own data (AOF, WAL) on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
  /** The raw pieces, for scenarios that need more (failover, corruption). */
  redis?: RedisProcess;
  postgres?: ChaosPostgres;
  cluster?: TestRedisCluster;
  sentinel?: TestRedisSentinel;
}

export async function openStore(kind: StoreKind, options: StoreOptions = {}): Promise<ChaosStore> {
  const prefix = `chaos-${randomUUID().slice(0, 8)}`;
  const aof = options.aof ? ['--appendonly', 'yes', '--appendfsync', options.aof] : ['--appendonly', 'no'];
  switch (kind) {
    case 'redis': {
      const redis = await RedisProcess.start(['--save', '', ...aof]);
      return {
        kind,
        dsn: redis.url,
        prefix,
        redis,
        down: (how) => redis.kill(how === 'crash' ? 'SIGKILL' : 'SIGTERM'),
        up: () => redis.launch(),
        close: () => redis.stop(),
      };
    }
    case 'postgres': {
      const postgres = await ChaosPostgres.start();
      const dsn = new URL(postgres.url);
      dsn.searchParams.set('schema', prefix.replace(/-/g, '_'));
      return {
        kind,
        dsn: dsn.toString(),
        prefix,
        postgres,
        down: (how) => postgres.stop(how === 'crash' ? 'SIGKILL' : 'SIGINT'),
        up: () => postgres.start(),
        close: () => postgres.close(),
      };
    }
    case 'redis-cluster': {
      const cluster = await startRedisCluster({ replicas: options.replicas ?? 0, args: aof });
      const dsn = withWait(cluster.dsn, options);
      const holder = () => cluster.masters; // every master: the queue's slot is on one of them
      return {
        kind,
        dsn,
        prefix,
        cluster,
        down: async (how) => {
          await Promise.all(holder().map((n) => n.kill(how === 'crash' ? 'SIGKILL' : 'SIGTERM')));
        },
        up: async () => {
          await Promise.all(holder().map((n) => n.launch()));
        },
        close: () => cluster.stop(),
      };
    }
    case 'redis-sentinel': {
      const sentinel = await startRedisSentinel({ replicas: options.replicas ?? 1, args: aof });
      const dsn = withWait(sentinel.dsn, options);
      return {
        kind,
        dsn,
        prefix,
        sentinel,
        down: async (how) => (await sentinel.master()).kill(how === 'crash' ? 'SIGKILL' : 'SIGTERM'),
        up: async () => {
          await Promise.all(sentinel.nodes.filter((n) => !n.running).map((n) => n.launch()));
        },
        close: () => sentinel.stop(),
      };
    }
  }
}

const withWait = (dsn: string, options: StoreOptions) =>
  options.waitReplicas ? `${dsn}?waitReplicas=${options.waitReplicas}` : dsn;
