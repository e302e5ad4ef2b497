import { dueRowsOf } from '../legacy/bridge/due-rows';
import type { LegacyJob } from '../legacy/legacy-mapping';
import type { LegacyRuntime } from '../legacy/legacy-runtime';
import { ensureShadowTable } from '../legacy/shadow-outcomes';
import { q } from '../legacy/sql-names';

export interface ShadowComparison {
  job: LegacyJob;
  /** Rows the bus saw in shadow mode. */
  compared: number;
  /** Legacy status -> bus outcome -> rows. */
  pairs: Record<string, Record<string, number>>;
  /** Rows where the two disagree: sent by one side only, or not yet handled by the bus. */
  differences: { rowId: string; legacy: string; bus: string; error: string | null }[];
}

/** What the legacy job did with each row against what the bus recorded for it in shadow mode. */
export async function compareShadow(
  rt: LegacyRuntime,
  job: LegacyJob,
  limit = 50,
): Promise<ShadowComparison> {
  const d = dueRowsOf(rt.mapping, job);
  await ensureShadowTable(rt.db, rt.mapping);
  const sent =
    job === 'drips' ? rt.mapping.drips.enrollments.statuses.completed : rt.mapping.emails.statuses.sent;
  const rows = await rt.db.query<{ row_id: string; legacy: string; bus: string; error: string | null }>(
    `SELECT s.row_id, coalesce(r.${q(d.status)}, '(row deleted)') AS legacy, s.outcome AS bus, s.error
       FROM ${q(rt.mapping.shadowTable)} s LEFT JOIN ${q(d.table)} r ON r.${q(d.id)}::text = s.row_id
      WHERE s.job = $1 ORDER BY s.row_id`,
    [job],
  );
  const pairs: ShadowComparison['pairs'] = {};
  const differences: ShadowComparison['differences'] = [];
  for (const row of rows) {
    (pairs[row.legacy] ??= {})[row.bus] = (pairs[row.legacy]![row.bus] ?? 0) + 1;
    const agree = (row.legacy === sent) === (row.bus === 'sent') && row.bus !== 'dispatched';
    if (!agree && differences.length < limit)
      differences.push({ rowId: row.row_id, legacy: row.legacy, bus: row.bus, error: row.error });
  }
  return { job, compared: rows.length, pairs, differences };
}
