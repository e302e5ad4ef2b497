import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { quoteSchemaName } from 'bullmq';
import pg from 'pg';
import { DatabaseError } from '../../../errors';
import { PostgresSchema } from '../postgres-schema';
import { parsePgliteDsn } from './pglite-dsn';
import { PglitePool } from './pglite-pool';
import { lockStore } from './store-lock';

export interface PgliteStore {
  pool: PglitePool;
  schema: PostgresSchema;
  dir: string;
  close(): Promise<void>;
}

/**
 * The embedded store: PGlite in this process, data in `dir`. The directory is locked at once (a
 * second process fails fast); PGlite itself opens in the background and the pool waits for it.
 */
export function openPgliteStore(dsn: string): PgliteStore {
  const { dir, schema, poolSize, display } = parsePgliteDsn(dsn);
  const unlock = lockStore(dir);
  const opening = openDatabase(dir, schema);
  opening.catch(() => undefined); // reported by the first checkout
  const pool = new PglitePool(async () => {
    const client = new pg.Client({ ...createPgConfig(await opening) });
    await client.connect();
    return client;
  }, poolSize);
  return {
    pool,
    schema: new PostgresSchema(pool, schema, display),
    dir,
    close: async () => {
      try {
        await pool.end();
        const db = await opening.catch(() => undefined);
        await db?.close();
      } finally {
        unlock();
      }
    },
  };
}

async function openDatabase(dir: string, schema: string): Promise<PGlite> {
  try {
    const db = new PGlite(dir);
    await db.waitReady;
    // All pooled clients share this one session, and PGlite ignores connection options: the
    // search_path that selects the schema is set here, once, for the session.
    await db.exec(`SET search_path TO ${quoteSchemaName(schema)}`);
    return db;
  } catch (cause) {
    throw new DatabaseError(
      'DB_UNREACHABLE',
      `Cannot open the embedded store in ${dir} (${(cause as Error).message}): check the directory, or delete it to start empty.`,
      { cause },
    );
  }
}
