import type { ChildProcess } from 'node:child_process';

export default async function globalTeardown(): Promise<void> {
  const redis = (globalThis as Record<string, unknown>).__SYMPHONY_REDIS__ as ChildProcess | undefined;
  if (redis && redis.exitCode === null) {
    const exited = new Promise((resolve) => redis.once('exit', resolve));
    redis.kill('SIGTERM');
    await exited;
  }
}
