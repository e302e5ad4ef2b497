import { LATEST_SCHEMA_VERSION } from 'bullmq';
import type { SchemaAdmin, SchemaStatus } from '../schema-admin';
import type { Transport } from '../transport';
import { createSchemaPool } from './create-postgres-transport';
import { parsePgliteDsn } from './pglite/pglite-dsn';
import { openPgliteStore } from './pglite/pglite-store';
import { readSchemaVersion } from './postgres-schema';
import { parsePostgresDsn, poolerRefusal } from './postgres-dsn';
import { SqlTransport } from './sql-transport';

/** Schema management on its own connection, for postgres:// and pglite:// DSNs; undefined for others. */
export function openSqlSchemaAdmin(dsn: string): SchemaAdmin | undefined {
  const scheme = dsn.slice(0, dsn.indexOf(':'));
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const parsed = parsePostgresDsn(dsn);
    if (parsed.transactionPooler) throw poolerRefusal(parsed.display, 'Managing the schema (db:*)');
    const { pool, schema } = createSchemaPool(dsn);
    return {
      status: () => schema.status(),
      migrate: () => schema.migrate(),
      drop: () => schema.drop(),
      close: () => pool.end(),
    };
  }
  if (scheme === 'pglite') {
    const store = openPgliteStore(dsn);
    return {
      status: () => store.schema.status(),
      migrate: () => store.schema.migrate(),
      drop: () => store.schema.drop(),
      close: () => store.close(),
    };
  }
  return undefined;
}

/** The schema a postgres:// or pglite:// DSN names (default `symphony`). */
export function sqlSchemaOf(dsn: string): string {
  return dsn.startsWith('pglite:') ? parsePgliteDsn(dsn).schema : parsePostgresDsn(dsn).schema;
}

/**
 * The schema status of a store this process already holds, on its transport's own pool: the
 * embedded store under `npm start` (one process only), asked by `db:status` in another terminal.
 */
export async function heldStoreStatus(transport: Transport, dsn: string): Promise<SchemaStatus | undefined> {
  if (!(transport instanceof SqlTransport)) return undefined;
  const { db, schema } = transport.symphonyTables;
  const current = await readSchemaVersion(db, schema);
  const display = dsn.startsWith('pglite:') ? parsePgliteDsn(dsn).display : parsePostgresDsn(dsn).display;
  return {
    dsn: display,
    schema,
    current,
    required: LATEST_SCHEMA_VERSION,
    upToDate: current >= LATEST_SCHEMA_VERSION,
  };
}
