import type { LegacySql } from './legacy-db';
import type { LegacyMapping } from './legacy-mapping';
import { q } from './sql-names';

/** Shadow mode's record, in the legacy database: what the bus would have done with each row. */
export const shadowTableSql = (m: LegacyMapping): string =>
  `CREATE TABLE IF NOT EXISTS ${q(m.shadowTable)} (
     job text NOT NULL, row_id text NOT NULL, step integer NOT NULL DEFAULT 0,
     message_id text, outcome text NOT NULL, error text, recorded_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (job, row_id, step))`;

export type ShadowOutcome = 'dispatched' | 'sent' | 'failed' | 'skipped';

export async function recordShadow(
  db: LegacySql,
  m: LegacyMapping,
  entry: {
    job: string;
    rowId: string;
    step: number;
    messageId: string;
    outcome: ShadowOutcome;
    error?: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO ${q(m.shadowTable)} (job, row_id, step, message_id, outcome, error) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (job, row_id, step) DO UPDATE SET message_id = EXCLUDED.message_id, outcome = EXCLUDED.outcome,
       error = EXCLUDED.error, recorded_at = now()`,
    [entry.job, entry.rowId, entry.step, entry.messageId, entry.outcome, entry.error ?? null],
  );
}

const ensured = new WeakMap<LegacySql, Promise<unknown>>();

/** Creates the shadow table on first use (once per database handle); Symphony's only table there. */
export function ensureShadowTable(db: LegacySql, m: LegacyMapping): Promise<unknown> {
  let done = ensured.get(db);
  if (!done) {
    done = db.query(shadowTableSql(m));
    done.catch(() => ensured.delete(db));
    ensured.set(db, done);
  }
  return done;
}
