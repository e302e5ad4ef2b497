import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { startRedis } from '../test/helpers/servers';
import { BenchInputError, safeUrl } from './bench-errors';

export interface BenchRedis {
  url: string;
  /** True when this process started the server (and stops it). */
  owned: boolean;
  stop(): Promise<void>;
}

/** REDIS_URL when given; otherwise a throw-away redis-server on a free loopback port. */
export async function benchRedis(given = process.env.REDIS_URL): Promise<BenchRedis> {
  if (given) {
    await checkReachable(given);
    return { url: given, owned: false, stop: async () => undefined };
  }
  const { url, process: child } = await startRedis();
  // A crash, Ctrl-C or kill must not leave the server behind.
  const kill = (): void => void child.kill('SIGKILL');
  const interrupted = (signal: NodeJS.Signals): void => {
    kill();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', kill);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  return {
    url,
    owned: true,
    stop: async () => {
      process.off('exit', kill);
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      await stopChild(child);
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * One connection attempt to a given REDIS_URL, so a wrong one is said once instead of every
 * client of the run retrying it forever (they wait for Redis, as the bus's do).
 */
async function checkReachable(url: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  let cause: Error | undefined; // the socket's own error (ECONNREFUSED...), clearer than the rejection's
  client.on('error', (error: Error) => (cause ??= error));
  try {
    await client.ping();
  } catch (error) {
    throw new BenchInputError(
      `REDIS_URL ${safeUrl(url)} cannot be reached (${(cause ?? (error as Error)).message}); ` +
        'unset it and the bench starts a redis-server of its own',
    );
  } finally {
    // after a refused connection the client has ended; disconnect() would then hold the process 2 s (ioredis)
    if (client.status !== 'end') client.disconnect();
  }
}
