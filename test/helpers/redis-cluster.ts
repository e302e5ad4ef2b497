import { spawnSync } from 'node:child_process';
import type { Redis } from 'ioredis';
import { info, redisBinary, RedisProcess, until } from './redis-process';
import { freePort } from './servers';

export interface TestRedisCluster {
  /** `redis+cluster://127.0.0.1:a,127.0.0.1:b,…`: every master as a seed node. */
  dsn: string;
  masters: RedisProcess[];
  replicas: RedisProcess[];
  stop(): Promise<void>;
}

export interface ClusterShape {
  masters?: number;
  /** Replicas per master (a node failover needs one). */
  replicas?: number;
  /** How long a silent node takes to be marked failed (cluster-node-timeout). */
  nodeTimeoutMs?: number;
  /** Extra redis-server arguments for every node (appendonly, …). */
  args?: string[];
}

/**
 * A throw-away Redis Cluster on loopback from the local redis-server: `masters` nodes (3 by
 * default, the smallest cluster Redis accepts) joined by `redis-cli --cluster create`, ready once
 * every node reports cluster_state:ok and every replica is in sync.
 */
export async function startRedisCluster(shape: ClusterShape = {}): Promise<TestRedisCluster> {
  const { masters = 3, replicas = 0, nodeTimeoutMs = 2000, args = [] } = shape;
  const nodes = await Promise.all(
    Array.from({ length: masters * (1 + replicas) }, async () =>
      RedisProcess.start([
        ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
        // the bus port is port+10000 unless set, which may be taken or past 65535
        ...['--cluster-port', String(await freePort())],
        ...['--cluster-node-timeout', String(nodeTimeoutMs)],
        ...['--save', '', '--appendonly', 'no', '--repl-diskless-sync-delay', '0'],
        ...args,
      ]),
    ),
  );
  const stop = () => Promise.all(nodes.map((n) => n.stop())).then(() => undefined);
  try {
    const created = spawnSync(
      redisBinary('redis-cli'),
      ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`)].concat([
        ...['--cluster-replicas', String(replicas), '--cluster-yes'],
      ]),
      { encoding: 'utf8' },
    );
    if (created.status !== 0) {
      throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    }
    await until('cluster state ok on every node', async () =>
      (await Promise.all(nodes.map((n) => n.command(clusterReady)))).every(Boolean),
    );
    const roles = await Promise.all(nodes.map((n) => n.command((c) => info(c, 'replication'))));
    const primaries = nodes.filter((_, i) => roles[i]!.role === 'master');
    return {
      dsn: `redis+cluster://${primaries.map((n) => `127.0.0.1:${n.port}`).join(',')}`,
      masters: primaries,
      replicas: nodes.filter((n) => !primaries.includes(n)),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function clusterReady(client: Redis): Promise<boolean> {
  if (!String(await client.cluster('INFO')).includes('cluster_state:ok')) return false;
  const replication = await info(client, 'replication');
  return replication.role === 'master' || replication.master_link_status === 'up';
}

/** The suite's cluster, started once by the global setup (or REDIS_CLUSTER_URL, a redis+cluster:// DSN). */
export function redisClusterUrl(): string {
  const url = process.env.REDIS_CLUSTER_URL;
  if (!url)
    throw new Error('REDIS_CLUSTER_URL is not set: the global setup should have started a Redis Cluster');
  return url;
}
