import { quoteSchemaName } from 'bullmq';
import pg from 'pg';
import type { SymphonyConfig } from '../../config/config';
import type { Transport } from '../transport';
import { parsePostgresDsn } from './postgres-dsn';
import { PostgresSchema } from './postgres-schema';
import { poolClient } from './pool-client';
import { sqlJobRetention } from './sql-completed-retention';
import { SqlTransport } from './sql-transport';
import { bullMqTelemetry } from './bullmq-telemetry';

/**
 * A pg.Pool whose every connection has the schema on its search_path. Through a transaction
 * pooler a SET would land on one shared server connection and stay there: the role's own
 * search_path has to name the schema instead (the schema gate checks it).
 */
export function createSchemaPool(
  dsn: string,
  /** Producers' bound (storeTimeoutMs): a checkout waits no longer, so nothing queued is sent late. */
  maxConnectWaitMs = Number.POSITIVE_INFINITY,
): {
  pool: pg.Pool;
  schema: PostgresSchema;
  metrics: boolean;
  transactionPooler: boolean;
} {
  const parsed = parsePostgresDsn(dsn);
  const pool = new pg.Pool({
    Client: poolClient(
      parsed.transactionPooler ? undefined : `SET search_path TO ${quoteSchemaName(parsed.schema)}`,
    ),
    connectionString: parsed.connectionString,
    max: parsed.poolSize,
    connectionTimeoutMillis: Math.min(parsed.connectTimeoutMs, maxConnectWaitMs),
    keepAlive: true,
    application_name: 'symphony',
  });
  // Idle clients that drop emit 'error' on the pool; the next checkout reconnects. Every BullMQ
  // connection adds its own listener to this shared pool, hence no listener limit.
  pool.on('error', () => undefined);
  pool.setMaxListeners(0);
  return {
    pool,
    schema: new PostgresSchema(pool, parsed.schema, parsed.display),
    metrics: parsed.metrics,
    transactionPooler: parsed.transactionPooler,
  };
}

/** DSN postgres:// or postgresql:// -> BullMQ's PostgreSQL backend on one shared pg.Pool. */
export function createPostgresTransport(dsn: string, config: SymphonyConfig): Transport {
  const { pool, schema, metrics, transactionPooler } = createSchemaPool(dsn, config.storeTimeoutMs);
  return new SqlTransport(
    {
      kind: 'postgres',
      defaultJobOptions: sqlJobRetention(config.retention),
      lockDurationMs: config.lockDurationMs,
      stalledIntervalMs: config.stalledIntervalMs,
      telemetry: bullMqTelemetry(config.tracing),
      workerMetrics: metrics,
      close: () => pool.end(),
    },
    {
      pool,
      schema,
      autoMigrate: config.autoMigrate ?? config.environment === 'development',
      transactionPooler,
      producerTimeoutMs: config.storeTimeoutMs,
      keepCompleted: config.retention.completedCount,
    },
  );
}
