import type { SchemaAdmin } from '../schema-admin';
import { createSchemaPool } from './create-postgres-transport';
import { parsePgliteDsn } from './pglite/pglite-dsn';
import { openPgliteStore } from './pglite/pglite-store';
import { parsePostgresDsn, poolerRefusal } from './postgres-dsn';

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
