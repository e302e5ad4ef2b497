import type { LegacySql } from './legacy-db';
import type { LegacyJob, LegacyMapping } from './legacy-mapping';
import { q } from './sql-names';

/**
 * Rollback: every row the bus holds (status `taken`) goes back to the value the legacy job reads.
 * A row whose send is under way is locked by its write-back: the UPDATE waits for it, then finds it
 * sent (or failed) and leaves it, so nothing is sent by both. Resolves to how many rows went back.
 */
export async function releaseHeldRows(db: LegacySql, m: LegacyMapping, job: LegacyJob): Promise<number> {
  const back = async (table: string, status: string, from: string, to: string) =>
    (
      await db.query(`UPDATE ${q(table)} SET ${q(status)} = $2 WHERE ${q(status)} = $1 RETURNING 1`, [
        from,
        to,
      ])
    ).length;
  switch (job) {
    case 'emails': {
      const e = m.emails;
      return back(e.table, e.columns.status, e.statuses.taken, e.statuses.pending);
    }
    case 'campaigns': {
      const c = m.campaigns;
      const r = c.recipients;
      return (
        (await back(c.table, c.columns.status, c.statuses.taken, c.statuses.scheduled)) +
        (await back(r.table, r.columns.status, r.statuses.taken, r.statuses.pending))
      );
    }
    case 'drips': {
      const e = m.drips.enrollments;
      return back(e.table, e.columns.status, e.statuses.taken, e.statuses.active);
    }
  }
}
