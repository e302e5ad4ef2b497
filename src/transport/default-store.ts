import net from 'node:net';
import type { SymphonyConfig } from '../config/config';

/** The zero-install store: PGlite in this process, data under ./var (gitignored). */
export const EMBEDDED_DSN = 'pglite://./var/symphony';
const LOCAL_REDIS = { host: '127.0.0.1', port: 6379 };

export interface StoreChoice {
  config: SymphonyConfig;
  /** Set when Symphony chose the store itself: which one, and how to choose another. */
  notice?: string;
}

/**
 * With SYMPHONY_TRANSPORT_DSN unset, a fresh machine must still run: a local Redis when one answers,
 * else the embedded store. An explicit DSN is always used as given, and nothing is
 * guessed in production: a worker started during a Redis outage must fail, not run on a store of its own.
 */
export async function chooseStore(
  config: SymphonyConfig,
  redisAnswers: () => Promise<boolean> = () =>
    pingRedis(LOCAL_REDIS.host, LOCAL_REDIS.port, config.storeTimeoutMs),
): Promise<StoreChoice> {
  if (config.defaultDsnConfigured !== false || config.environment === 'production') return { config };
  if (await redisAnswers()) {
    return {
      config,
      notice: `No SYMPHONY_TRANSPORT_DSN set: using the Redis that answers at ${config.defaultDsn}.`,
    };
  }
  return {
    config: { ...config, defaultDsn: EMBEDDED_DSN },
    notice:
      `No SYMPHONY_TRANSPORT_DSN set and no Redis at 127.0.0.1:6379: using the embedded store ${EMBEDDED_DSN} ` +
      '(one process at a time). To switch, set SYMPHONY_TRANSPORT_DSN=redis://host:6379 or postgres://user:pass@host:5432/db.',
  };
}

/**
 * True when a Redis at host:port answers PING: with PONG, or that it is still loading its data or busy
 * with a script (it will serve soon; choosing the embedded store instead would split one app's
 * processes between two stores). Nothing listening is known at once (the connection is refused);
 * the time bound is for a Redis slow to reply on a loaded machine, so it is the store timeout, not a
 * guess at how fast a machine is. A Redis that wants a password is not usable without a DSN: false.
 */
export function pingRedis(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(/^(\+PONG|-LOADING|-BUSY)/.test(String(chunk))));
  });
}
