import type { SymphonyConfig } from '../../config/config';
import { ConfigError } from '../../errors';
import type { ClusterStore } from '../../monitoring/cluster-store';
import { processClusterStore } from '../../monitoring/memory-cluster-store';
import type { Transport } from '../transport';
import { createSchemaPool } from './create-postgres-transport';
import { ownRedisClient } from './own-redis-client';
import { RedisAlertStateStore, RedisLeaseStore } from './redis-cluster-store';
import { ClusterTables, SqlAlertStateStore, SqlLeaseStore } from './sql-cluster-store';
import type { PgQueryable } from 'bullmq';
import { SqlTransport } from './sql-transport';

function sqlStore(db: PgQueryable, schema: string, close: () => Promise<void>): ClusterStore {
  const tables = new ClusterTables(db, schema);
  return {
    leases: new SqlLeaseStore(db, schema, tables),
    alertStates: new SqlAlertStateStore(db, schema, tables),
    close,
  };
}

/**
 * The lease and alert states on the bus's own store, as flags are: a SQL transport lends its pool
 * (PGlite allows one process, whose pool it is); Redis and PostgreSQL DSNs get a connection of
 * their own; memory:// and sync:// share one per process.
 */
export function openClusterStore(dsn: string, config: SymphonyConfig, transport?: Transport): ClusterStore {
  if (transport instanceof SqlTransport) {
    const { db, schema } = transport.symphonyTables;
    return sqlStore(db, schema, async () => undefined);
  }
  const scheme = dsn.slice(0, dsn.indexOf(':'));
  if (scheme.startsWith('redis')) {
    const { client, close } = ownRedisClient(dsn); // a failed renewal is logged by the monitor
    const prefix = `${config.redisPrefix}:symphony`;
    return {
      leases: new RedisLeaseStore(client, prefix),
      alertStates: new RedisAlertStateStore(client, `${prefix}:alerts`),
      close,
    };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const { pool, schema } = createSchemaPool(dsn);
    pool.options.max = 2;
    return sqlStore(pool, schema.schema, () => pool.end());
  }
  if (scheme === 'memory' || scheme === 'sync') return processClusterStore;
  throw new ConfigError(
    `The alert evaluator cannot share a lease on "${scheme}://": use Redis, PostgreSQL or the embedded store for the default DSN.`,
  );
}
