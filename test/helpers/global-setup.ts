import { startPostgres } from './postgres';
import { startRedisCluster } from './redis-cluster';
import { ensureTestServers } from './server-install';
import { startRedis } from './servers';
import { ensurePgliteTemplate } from './sql';

/**
 * Starts the servers the suite needs unless the environment already points at them. Workers
 * inherit process.env, so REDIS_URL and DATABASE_URL set here reach every test file.
 */
export default async function globalSetup(): Promise<void> {
  ensureTestServers(); // a fresh machine: installs redis-server/postgresql, or says how in one line
  // the cluster (3 masters, for the contract suite) forms while the other servers start
  const cluster = process.env.REDIS_CLUSTER_URL ? undefined : startRedisCluster();
  cluster?.catch(() => undefined); // reported when awaited below, not as an unhandled rejection
  if (!process.env.REDIS_URL) {
    const redis = await startRedis();
    process.env.REDIS_URL = redis.url;
    (globalThis as Record<string, unknown>).__SYMPHONY_REDIS__ = redis.process;
  }
  if (!process.env.DATABASE_URL) {
    const postgres = await startPostgres();
    process.env.DATABASE_URL = postgres.url;
    (globalThis as Record<string, unknown>).__SYMPHONY_POSTGRES__ = postgres;
  }
  if (cluster) {
    const started = await cluster;
    process.env.REDIS_CLUSTER_URL = started.dsn;
    (globalThis as Record<string, unknown>).__SYMPHONY_REDIS_CLUSTER__ = started;
  }
  await ensurePgliteTemplate(); // once per machine, then cached in the temp dir
}
