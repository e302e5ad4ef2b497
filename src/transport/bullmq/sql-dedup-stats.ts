import { quoteSchemaName, type PgQueryable } from 'bullmq';
import type { DuplicateEntry, DedupStats, DuplicateRecord } from '../capabilities';
import { clusterTablesSql } from './sql-cluster-store';
import { flagsTableSql } from './sql-flag-store';

const KEEP_MS = 7 * 86_400_000;

/** Symphony's own tables beside BullMQ's, in the same schema; also part of `db:migrate` and `db:sql`. */
export function symphonyTablesSql(schema: string): string[] {
  const s = quoteSchemaName(schema);
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.symphony_duplicates (
       key text NOT NULL, queue text NOT NULL, type text NOT NULL, duplicates integer NOT NULL,
       last_at_ms bigint NOT NULL, kept_id text NOT NULL, PRIMARY KEY (key, queue))`,
    `CREATE INDEX IF NOT EXISTS symphony_duplicates_last_at ON ${s}.symphony_duplicates (last_at_ms)`,
    `CREATE TABLE IF NOT EXISTS ${s}.symphony_duplicate_totals (type text PRIMARY KEY, duplicates bigint NOT NULL)`,
    flagsTableSql(schema),
    ...clusterTablesSql(schema),
  ];
}

/**
 * Duplicate counters in SQL, with the Redis version's semantics: per key and queue, forgotten a
 * week after the last duplicate (a later one starts from 1), and running totals per message type.
 */
export class SqlDedupStats implements DedupStats {
  private tables: Promise<void> | undefined;

  constructor(
    private readonly db: PgQueryable,
    private readonly schema: string,
    private readonly gate: () => Promise<void>,
  ) {}

  async record(entry: DuplicateEntry): Promise<void> {
    await this.ready();
    const s = quoteSchemaName(this.schema);
    await this.db.query(
      `WITH counted AS (
         INSERT INTO ${s}.symphony_duplicates AS d (key, queue, type, duplicates, last_at_ms, kept_id)
         VALUES ($1, $2, $3, 1, $4, $5)
         ON CONFLICT (key, queue) DO UPDATE SET
           duplicates = CASE WHEN d.last_at_ms < EXCLUDED.last_at_ms - $6 THEN 1 ELSE d.duplicates + 1 END,
           type = EXCLUDED.type, last_at_ms = EXCLUDED.last_at_ms, kept_id = EXCLUDED.kept_id
       ), total AS (
         INSERT INTO ${s}.symphony_duplicate_totals AS t (type, duplicates) VALUES ($3, 1)
         ON CONFLICT (type) DO UPDATE SET duplicates = t.duplicates + 1
       )
       DELETE FROM ${s}.symphony_duplicates WHERE last_at_ms < $4 - $6 AND NOT (key = $1 AND queue = $2)`,
      [entry.key, entry.queue, entry.type, entry.at, entry.keptId, KEEP_MS],
    );
  }

  show(key: string): Promise<DuplicateRecord[]> {
    return this.select('key = $2 ORDER BY queue', [key]);
  }

  recent(limit: number): Promise<DuplicateRecord[]> {
    return this.select('true ORDER BY last_at_ms DESC, key LIMIT $2', [limit]);
  }

  /** Records seen within the week; `where` continues after `last_at_ms >= $1`. */
  private async select(where: string, params: unknown[]): Promise<DuplicateRecord[]> {
    await this.ready();
    const { rows } = await this.db.query<{
      key: string;
      queue: string;
      type: string;
      duplicates: number;
      last_at_ms: string;
      kept_id: string;
    }>(
      `SELECT key, queue, type, duplicates, last_at_ms, kept_id FROM ${quoteSchemaName(this.schema)}.symphony_duplicates
        WHERE last_at_ms >= $1 AND ${where}`,
      [Date.now() - KEEP_MS, ...params],
    );
    return rows.map((r) => ({
      key: r.key,
      queue: r.queue,
      type: r.type,
      duplicates: Number(r.duplicates),
      lastAt: new Date(Number(r.last_at_ms)).toISOString(),
      keptId: r.kept_id,
    }));
  }

  async totals(): Promise<Record<string, number>> {
    await this.ready();
    const { rows } = await this.db.query<{ type: string; duplicates: string }>(
      `SELECT type, duplicates FROM ${quoteSchemaName(this.schema)}.symphony_duplicate_totals`,
    );
    return Object.fromEntries(rows.map((r) => [r.type, Number(r.duplicates)]));
  }

  /** The schema gate, then the tables (created here too, for stores migrated before they existed). */
  private ready(): Promise<void> {
    if (!this.tables) {
      this.tables = (async () => {
        await this.gate();
        for (const sql of symphonyTablesSql(this.schema)) await this.db.query(sql);
      })();
      this.tables.catch(() => (this.tables = undefined));
    }
    return this.tables;
  }
}
