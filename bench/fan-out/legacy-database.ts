import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { applyLegacySchema } from '../../examples/legacy-app/schema';
import type { LegacyDb } from '../../src/legacy/legacy-db';
import { createLegacyDb } from '../../src/legacy/open-legacy-db';
import { startPostgres, stopPostgres, type TestPostgres } from '../../test/helpers/postgres';

export interface BenchLegacyDatabase {
  /** Reads and the fan-out's pages. */
  db: LegacyDb;
  /** The write-back's row locks, one connection per e-mail being sent (as in a worker). */
  locks: LegacyDb;
  describe(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The legacy tables in a schema of their own: on BENCH_DATABASE_URL, else on a throw-away PostgreSQL
 * with fsync on (durable, like production). Dropped, and the server stopped, on close.
 */
export async function benchLegacyDatabase(lockConnections: number): Promise<BenchLegacyDatabase> {
  let server: TestPostgres | undefined;
  const base = process.env.BENCH_DATABASE_URL ?? (server = await startPostgres({ durable: true })).url;
  const schema = `bench_fanout_${randomUUID().slice(0, 8)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Record<string, string>[];
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA "${schema}"`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const db = createLegacyDb(url.toString(), { max: 10 });
  const locks = createLegacyDb(url.toString(), { max: lockConnections + 5 });
  await applyLegacySchema(db);
  return {
    db,
    locks,
    async describe() {
      const [row] = await admin(
        "SELECT current_setting('server_version') AS v, current_setting('fsync') AS f, current_setting('synchronous_commit') AS c",
      );
      const where = process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'a throw-away server';
      return `PostgreSQL ${row!.v} on ${where} (fsync ${row!.f}, synchronous_commit ${row!.c})`;
    },
    async close() {
      await db.close();
      await locks.close();
      await admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      if (server) await stopPostgres(server);
    },
  };
}

/** A campaign held by the bus (as the bridge leaves it) with `count` new contacts; resolves to its id. */
export async function seedBenchCampaign(db: LegacyDb, count: number, status = 'queued'): Promise<string> {
  const [campaign] = await db.query<{ id: string }>(
    `INSERT INTO campaigns (name, subject, body_text, status, scheduled_at)
     VALUES ('bench', 'Your weekly digest', 'Hello, here is what happened this week.', $1, now())
     RETURNING id::text`,
    [status],
  );
  const id = campaign!.id;
  await db.query(
    `WITH c AS (INSERT INTO contacts (email, name)
                SELECT 'c' || $1::text || '-' || n || '@example.com', 'Contact ' || n FROM generate_series(1, $2) n
                RETURNING id)
     INSERT INTO campaign_recipients (campaign_id, contact_id) SELECT $1::bigint, id FROM c`,
    [id, count],
  );
  return id;
}
