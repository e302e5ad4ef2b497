import { randomUUID } from 'node:crypto';
import { applyLegacySchema } from '../../examples/legacy-app/schema';
import type { LegacyDb } from '../../src/legacy/legacy-db';
import { createLegacyDb } from '../../src/legacy/open-legacy-db';
import { databaseUrl, withDatabase } from './sql';

export interface LegacyFixture {
  /** postgres:// URL whose connections use the fixture's schema (LEGACY_DATABASE_URL of worker processes). */
  url: string;
  schema: string;
  db: LegacyDb;
  close(): Promise<void>;
}

/** The legacy app's tables in a schema of their own on the test database (dropped on close). */
export async function legacyFixture(): Promise<LegacyFixture> {
  const schema = `legacy_${randomUUID().slice(0, 8)}`;
  await withDatabase((client) => client.query(`CREATE SCHEMA "${schema}"`));
  const url = new URL(databaseUrl());
  url.searchParams.set('options', `-c search_path=${schema}`);
  const db = createLegacyDb(url.toString(), { max: 30 });
  await applyLegacySchema(db);
  return {
    url: url.toString(),
    schema,
    db,
    async close() {
      await db.close();
      await withDatabase((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    },
  };
}

/** `count` e-mail rows: every 10th due in an hour, every 7th failed once; resolves to their ids by kind. */
export async function seedEmails(db: LegacyDb, count: number): Promise<{ due: string[]; later: string[] }> {
  const rows = await db.query<{ id: string; later: boolean }>(
    `INSERT INTO email_queue (to_address, subject, body_text, attempts, last_error, send_after)
     SELECT 'user' || n || '@example.com', 'Hello ' || n, 'Body ' || n,
            CASE WHEN n % 7 = 0 THEN 1 ELSE 0 END, CASE WHEN n % 7 = 0 THEN 'timeout' END,
            CASE WHEN n % 10 = 0 THEN now() + interval '1 hour' ELSE now() - interval '1 minute' END
       FROM generate_series(1, $1) n
     RETURNING id::text, send_after > now() AS later`,
    [count],
  );
  return {
    due: rows.filter((r) => !r.later).map((r) => r.id),
    later: rows.filter((r) => r.later).map((r) => r.id),
  };
}
