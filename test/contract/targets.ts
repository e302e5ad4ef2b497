import { redisUrl } from '../helpers/bus';
import { redisClusterUrl } from '../helpers/redis-cluster';
import { dropTestSchemas, pgliteDsn, postgresDsn, removePgliteDirs } from '../helpers/sql';

/**
 * Every transport that claims the delivery semantics runs the same contract. A transport that
 * cannot offer a capability declares it here (with the reason in docs/), and the contract then
 * asserts the clear "unsupported" error instead of skipping.
 */
export interface ContractTarget {
  name: string;
  dsn: () => string;
  /** Extra slack for timing bands (delayed-job promotion latency of the store). */
  latencyMs: number;
}

export const contractTargets: ContractTarget[] = [
  { name: 'memory', dsn: () => 'memory://', latencyMs: 50 },
  { name: 'redis', dsn: redisUrl, latencyMs: 250 },
  // A 3-master Redis Cluster started once by the global setup; each queue on a hash tag of its own.
  { name: 'redis-cluster', dsn: redisClusterUrl, latencyMs: 250 },
  // BullMQ's PostgreSQL backend: a schema per test on the test server (PostgreSQL 15).
  { name: 'postgres', dsn: () => postgresDsn(), latencyMs: 250 },
  // The embedded store: a fresh PGlite directory per test; every query waits for one session.
  { name: 'pglite', dsn: pgliteDsn, latencyMs: 500 },
];

// Every contract file imports this module: its SQL leftovers go when the file is done.
afterAll(async () => {
  await dropTestSchemas();
  removePgliteDirs();
});
