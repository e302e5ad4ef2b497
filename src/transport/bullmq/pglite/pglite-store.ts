import type { PGlite } from '@electric-sql/pglite';
import { quoteSchemaName } from 'bullmq';
import pg from 'pg';
import { DatabaseError } from '../../../errors';
import { withOptionalPeers } from '../../../packaging/optional-peers';
import { PostgresSchema } from '../postgres-schema';
import { parsePgliteDsn } from './pglite-dsn';
import { PglitePool } from './pglite-pool';
import { copyTemplate, isNewDataDir } from './pglite-template';
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
 * A new directory starts from this install's template when there is one (see pglite-template).
 */
export function openPgliteStore(
  dsn: string,
  /** false: make a new directory with initdb; a path: that template directory instead of this install's. */
  options: { template?: false | string } = {},
): PgliteStore {
  const { dir, schema, poolSize, display } = parsePgliteDsn(dsn);
  const { PGlite, createPgConfig } = loadPglite();
  const unlock = lockStore(dir);
  if (options.template !== false && isNewDataDir(dir)) copyTemplate(dir, options.template);
  const opening = openDatabase(() => new PGlite(dir), dir, schema);
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

async function openDatabase(create: () => PGlite, dir: string, schema: string): Promise<PGlite> {
  try {
    const db = create();
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

/** PGlite is an optional peer (27 MB): required by the first pglite:// store, never at import. */
function loadPglite(): {
  PGlite: typeof PGlite;
  createPgConfig: typeof import('@electric-sql/pglite/node-postgres').createPgConfig;
} {
  return withOptionalPeers('The embedded store (pglite://)', ['@electric-sql/pglite'], () => ({
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, on first use
    PGlite: (require('@electric-sql/pglite') as typeof import('@electric-sql/pglite')).PGlite,
    createPgConfig:
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, on first use
      (require('@electric-sql/pglite/node-postgres') as typeof import('@electric-sql/pglite/node-postgres'))
        .createPgConfig,
  }));
}
