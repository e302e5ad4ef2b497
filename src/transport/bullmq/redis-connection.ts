import { Redis } from 'ioredis';
import { TransportError } from '../../errors';

/**
 * One ioredis client per DSN, shared by every Queue of the transport. BullMQ needs
 * maxRetriesPerRequest=null so blocking commands survive reconnects; Workers duplicate it for
 * their blocking connection.
 */
export function createRedisClient(dsn: string): Redis {
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
  return new Redis(dsn, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** Never print passwords. */
export function redact(dsn: string): string {
  return dsn.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
