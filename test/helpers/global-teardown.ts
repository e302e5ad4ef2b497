import type { ChildProcess } from 'node:child_process';
import { stopPostgres, type TestPostgres } from './postgres';
import type { TestRedisCluster } from './redis-cluster';

export default async function globalTeardown(): Promise<void> {
  const postgres = (globalThis as Record<string, unknown>).__SYMPHONY_POSTGRES__ as TestPostgres | undefined;
  if (postgres) await stopPostgres(postgres);
  const cluster = (globalThis as Record<string, unknown>).__SYMPHONY_REDIS_CLUSTER__ as
    TestRedisCluster | undefined;
  if (cluster) await cluster.stop();
  const redis = (globalThis as Record<string, unknown>).__SYMPHONY_REDIS__ as ChildProcess | undefined;
  if (redis && redis.exitCode === null) {
    const exited = new Promise((resolve) => redis.once('exit', resolve));
    redis.kill('SIGTERM');
    await exited;
  }
}
