import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { TransportError } from '../../errors';
import { parseMultiNodeDsn, type MultiNodeDsn } from './redis-dsn';
import { stoppable } from './stoppable-redis';

/** A single Redis (a Sentinel-managed master included) or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/**
 * An ioredis client for a DSN. BullMQ needs maxRetriesPerRequest=null so blocking commands
 * survive reconnects; Workers duplicate it for their blocking connection. `overrides` adapt it to
 * its role (a producer's fail-fast options, a worker's lazy connect).
 */
export function createRedisClient(dsn: string, overrides: RedisOptions = {}): RedisClient {
  if (isMultiNodeDsn(dsn)) return createMultiNodeClient(parseMultiNodeDsn(dsn), overrides);
  let url: URL;
  try {
    url = new URL(dsn);
  } catch (cause) {
    throw new TransportError(
      `Invalid Redis DSN "${redact(dsn)}": expected redis://[user:pass@]host:port[/db]`,
      { cause },
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new TransportError(`Not a Redis DSN: "${redact(dsn)}"`);
  }
  return stoppable(new Redis(dsn, { maxRetriesPerRequest: null, lazyConnect: false, ...overrides }));
}

export function isMultiNodeDsn(dsn: string): boolean {
  return /^rediss?\+(cluster|sentinel):/.test(dsn);
}

function createMultiNodeClient(target: MultiNodeDsn, overrides: RedisOptions): RedisClient {
  const common: RedisOptions = {
    maxRetriesPerRequest: null,
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
    ...overrides,
  };
  if (target.mode === 'cluster') {
    // Lazy: it connects on first use, after its user has hooked its node connections (failFast).
    // The overrides apply per node; the cluster keeps its own offline queue, without which two
    // commands to a node still connecting fail at once.
    return new Cluster(target.nodes, { redisOptions: common, lazyConnect: true });
  }
  return stoppable(
    new Redis({
      ...common,
      sentinels: target.sentinels,
      name: target.masterName,
      db: target.db,
      ...(target.sentinelUsername !== undefined ? { sentinelUsername: target.sentinelUsername } : {}),
      ...(target.sentinelPassword !== undefined ? { sentinelPassword: target.sentinelPassword } : {}),
      ...(target.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}), // rediss+: both hops
      // A killed master drops the connection and ioredis asks the sentinels again; a demoted one
      // (manual failover, healed partition) refuses writes: reconnect and resend. (ioredis's
      // failoverDetector is not used: its sentinel subscribers outlive quit().)
      reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
    }),
  );
}

/** Never print passwords (in the user part or as sentinelPassword=). */
export function redact(dsn: string): string {
  return dsn.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@').replace(/([?&]sentinelPassword=)[^&#]*/i, '$1***');
}
