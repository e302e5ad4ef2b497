import type { ChildProcess } from 'node:child_process';
import { startRedis } from '../test/helpers/servers';

export interface BenchRedis {
  url: string;
  /** True when this process started the server (and stops it). */
  owned: boolean;
  stop(): Promise<void>;
}

/** REDIS_URL when given; otherwise a throw-away redis-server on a free loopback port. */
export async function benchRedis(): Promise<BenchRedis> {
  const given = process.env.REDIS_URL;
  if (given) return { url: given, owned: false, stop: async () => undefined };
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
