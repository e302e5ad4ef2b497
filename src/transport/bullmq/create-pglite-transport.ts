import type { SymphonyConfig } from '../../config/config';
import type { Transport } from '../transport';
import { openPgliteStore } from './pglite/pglite-store';
import { sqlJobRetention } from './sql-completed-retention';
import { SqlTransport } from './sql-transport';
import { bullMqTelemetry } from './bullmq-telemetry';

/**
 * DSN pglite://<dir> -> BullMQ's PostgreSQL backend on an embedded PGlite: nothing to install, one
 * process. Its schema is always migrated on first use, since no one else shares it.
 */
export function createPgliteTransport(dsn: string, config: SymphonyConfig): Transport {
  const store = openPgliteStore(dsn);
  return new SqlTransport(
    {
      kind: 'pglite',
      defaultJobOptions: sqlJobRetention(config.retention),
      lockDurationMs: config.lockDurationMs,
      stalledIntervalMs: config.stalledIntervalMs,
      telemetry: bullMqTelemetry(config.tracing),
      close: () => store.close(),
    },
    {
      pool: store.pool,
      schema: store.schema,
      autoMigrate: true,
      keepCompleted: config.retention.completedCount,
    },
  );
}
