import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { info, RedisProcess, until } from './redis-process';
import { freePort } from './servers';

export const MASTER_NAME = 'symphony';

export interface TestRedisSentinel {
  /** `redis+sentinel://127.0.0.1:a,…/symphony`. */
  dsn: string;
  /** Data nodes: the first starts as master, the rest as its replicas. */
  nodes: RedisProcess[];
  sentinels: RedisProcess[];
  /** The node the sentinels name as master now. */
  master(): Promise<RedisProcess>;
  /**
   * Waits until the sentinels name a master other than `old`, it says it is master, and a replica
   * Sentinel pointed at it has finished its sync (until then a `waitReplicas` dispatch is refused).
   */
  failedOver(old: RedisProcess): Promise<RedisProcess>;
  stop(): Promise<void>;
}

export interface SentinelShape {
  replicas?: number;
  sentinels?: number;
  /** A master silent this long is down (sentinel down-after-milliseconds). */
  downAfterMs?: number;
  failoverTimeoutMs?: number;
  /** Extra redis-server arguments for the data nodes (appendonly, …). */
  args?: string[];
}

/**
 * A throw-away master + replicas + sentinels on loopback from the local redis-server, with short
 * failure detection so a failover takes seconds. Ready once the replicas are in sync and every
 * sentinel sees the replicas and the other sentinels (so a failover can be authorised at once).
 */
export async function startRedisSentinel(shape: SentinelShape = {}): Promise<TestRedisSentinel> {
  const { replicas = 1, sentinels: count = 3 } = shape;
  // no diskless-sync delay: a replica (or a restarted old master) syncs at once, not after 5 s
  const base = ['--save', '', '--appendonly', 'no', '--repl-diskless-sync-delay', '0', ...(shape.args ?? [])];
  const nodes: RedisProcess[] = [];
  const sentinels: RedisProcess[] = [];
  const confDir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-sentinel-'));
  const stop = async () => {
    await Promise.all([...sentinels, ...nodes].map((n) => n.stop()));
    fs.rmSync(confDir, { recursive: true, force: true });
  };
  try {
    const first = await RedisProcess.start(base);
    nodes.push(first);
    for (let i = 0; i < replicas; i++) {
      nodes.push(await RedisProcess.start([...base, '--replicaof', '127.0.0.1', String(first.port)]));
    }
    await until('replicas in sync', async () =>
      (await Promise.all(nodes.slice(1).map((n) => n.command((c) => info(c, 'replication'))))).every(
        (r) => r.master_link_status === 'up',
      ),
    );
    // Each sentinel is told its id, the replicas and the other sentinels up front, instead of
    // discovering them over seconds of hello messages.
    const peers = await Promise.all(
      Array.from({ length: count }, async () => ({
        port: await freePort(),
        id: randomBytes(20).toString('hex'),
      })),
    );
    for (const self of peers) {
      const conf = path.join(confDir, `sentinel-${self.port}.conf`); // sentinels rewrite their file
      fs.writeFileSync(
        conf,
        sentinelConfig(self.id, first.port, Math.floor(count / 2) + 1, shape, nodes, peers),
      );
      sentinels.push(await RedisProcess.start([conf, '--sentinel'], { port: self.port }));
    }
    await until('sentinels see the replicas and each other', async () =>
      (await Promise.all(sentinels.map((s) => s.command(sentinelView)))).every(
        (v) => v.replicas === replicas && v.otherSentinels === count - 1,
      ),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const masterNow = async () => {
    const [, port] = await sentinels[0]!.command(
      (c) => c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME) as Promise<string[]>,
    );
    return nodes.find((n) => n.port === Number(port))!;
  };
  return {
    dsn: `redis+sentinel://${sentinels.map((s) => `127.0.0.1:${s.port}`).join(',')}/${MASTER_NAME}`,
    nodes,
    sentinels,
    master: masterNow,
    failedOver: async (old) => {
      await until('failover to a new master', async () => {
        const now = await masterNow();
        return now !== old && (await now.command((c) => info(c, 'replication'))).role === 'master';
      });
      const master = await masterNow();
      // a full resync of the replica left, seconds on a loaded machine
      await until('a replica in sync with the new master', async () =>
        Object.entries(await master.command((c) => info(c, 'replication'))).some(
          ([key, value]) => /^slave\d+$/.test(key) && value.includes('state=online'),
        ),
      );
      return master;
    },
    stop,
  };
}

function sentinelConfig(
  id: string,
  masterPort: number,
  quorum: number,
  shape: SentinelShape,
  nodes: RedisProcess[],
  peers: { port: number; id: string }[],
): string {
  return [
    `sentinel myid ${id}`,
    `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${masterPort} ${quorum}`,
    `sentinel down-after-milliseconds ${MASTER_NAME} ${shape.downAfterMs ?? 1000}`,
    `sentinel failover-timeout ${MASTER_NAME} ${shape.failoverTimeoutMs ?? 3000}`,
    `sentinel parallel-syncs ${MASTER_NAME} 1`,
    ...nodes.slice(1).map((n) => `sentinel known-replica ${MASTER_NAME} 127.0.0.1 ${n.port}`),
    ...peers
      .filter((p) => p.id !== id)
      .map((p) => `sentinel known-sentinel ${MASTER_NAME} 127.0.0.1 ${p.port} ${p.id}`),
    '',
  ].join('\n');
}

async function sentinelView(client: Redis): Promise<{ replicas: number; otherSentinels: number }> {
  const fields = (await client.call('SENTINEL', 'MASTER', MASTER_NAME)) as string[];
  const get = (name: string) => Number(fields[fields.indexOf(name) + 1]);
  return { replicas: get('num-slaves'), otherSentinels: get('num-other-sentinels') };
}
