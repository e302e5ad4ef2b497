import type { LegacySql } from './legacy-db';
import type { LegacyMapping } from './legacy-mapping';
import { q } from './sql-names';

export interface DripStepInfo {
  enrollmentId: string;
  dripId: string;
  /** The step the enrolment is at (the next one to send). */
  step: number;
  phone: string;
  optedOut: boolean;
  /** Text of `step`; undefined when the drip has no such step. */
  body?: string;
  /** Delay of the step after `step`; undefined when `step` is the last. */
  nextDelaySeconds?: number;
}

/** An enrolment with its contact and the text of its current step, read through the mapping. */
export async function loadDripStep(
  db: LegacySql,
  m: LegacyMapping,
  enrollmentId: string,
): Promise<DripStepInfo | undefined> {
  const e = m.drips.enrollments.columns;
  const s = m.drips.steps.columns;
  const c = m.contacts.columns;
  const steps = q(m.drips.steps.table);
  const [row] = await db.query<{
    enrollmentId: string;
    dripId: string;
    step: number;
    phone: string;
    optedOut: boolean;
    body: string | null;
    nextDelaySeconds: number | null;
  }>(
    `SELECT e.${q(e.id)}::text AS "enrollmentId", e.${q(e.dripId)}::text AS "dripId", e.${q(e.step)} AS step,
            c.${q(c.phone)} AS phone, c.${q(c.smsOptOut)} AS "optedOut",
            s.${q(s.body)} AS body, n.${q(s.delaySeconds)} AS "nextDelaySeconds"
       FROM ${q(m.drips.enrollments.table)} e
       JOIN ${q(m.contacts.table)} c ON c.${q(c.id)} = e.${q(e.contactId)}
       LEFT JOIN ${steps} s ON s.${q(s.dripId)} = e.${q(e.dripId)} AND s.${q(s.step)} = e.${q(e.step)}
       LEFT JOIN ${steps} n ON n.${q(s.dripId)} = e.${q(e.dripId)} AND n.${q(s.step)} = e.${q(e.step)} + 1
      WHERE e.${q(e.id)} = $1`,
    [enrollmentId],
  );
  if (!row) return undefined;
  return {
    ...row,
    optedOut: Boolean(row.optedOut),
    body: row.body ?? undefined,
    nextDelaySeconds: row.nextDelaySeconds ?? undefined,
  };
}
