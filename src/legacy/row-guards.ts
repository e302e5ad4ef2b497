import type { Envelope } from '../message/envelope';
import type { LegacySql } from './legacy-db';
import type { LegacyRowKind } from './legacy-headers';
import type { LegacyJob, LegacyMapping } from './legacy-mapping';
import { q } from './sql-names';

/**
 * How the write-back treats one kind of legacy row, all inside the transaction that holds the
 * row's lock: `lock` says whether the message may be handled (undefined) or why not; `sent` and
 * `failed` write the outcome.
 */
export interface RowGuard {
  job: LegacyJob;
  lock(tx: LegacySql, id: string, envelope: Envelope): Promise<string | undefined>;
  sent(tx: LegacySql, id: string): Promise<void>;
  failed(tx: LegacySql, id: string, error: string, final: boolean): Promise<void>;
}

interface StatusTable {
  table: string;
  columns: { id: string; status: string; attempts: string; lastError: string; sentAt: string };
  statuses: { taken: string; sent: string; failed: string };
}

/** E-mail rows and campaign recipients: taken -> sent, or attempts + error (failed when final). */
function statusGuard(job: LegacyJob, t: StatusTable): RowGuard {
  const c = t.columns;
  return {
    job,
    async lock(tx, id) {
      const [row] = await tx.query<{ status: string }>(
        `SELECT ${q(c.status)} AS status FROM ${q(t.table)} WHERE ${q(c.id)} = $1 FOR UPDATE`,
        [id],
      );
      if (!row) return 'the row no longer exists';
      return row.status === t.statuses.taken ? undefined : `the row is "${row.status}", not held by the bus`;
    },
    async sent(tx, id) {
      await tx.query(
        `UPDATE ${q(t.table)} SET ${q(c.status)} = $2, ${q(c.attempts)} = ${q(c.attempts)} + 1,
                ${q(c.sentAt)} = now(), ${q(c.lastError)} = NULL WHERE ${q(c.id)} = $1`,
        [id, t.statuses.sent],
      );
    },
    async failed(tx, id, error, final) {
      await tx.query(
        `UPDATE ${q(t.table)} SET ${q(c.status)} = $2, ${q(c.attempts)} = ${q(c.attempts)} + 1,
                ${q(c.lastError)} = $3 WHERE ${q(c.id)} = $1`,
        [id, final ? t.statuses.failed : t.statuses.taken, error],
      );
    },
  };
}

/** A campaign launch runs while the campaign is held; once fanned out it is `sending`. */
function campaignGuard(m: LegacyMapping): RowGuard {
  const t = m.campaigns;
  const c = t.columns;
  return {
    job: 'campaigns',
    async lock(tx, id) {
      const [row] = await tx.query<{ status: string }>(
        `SELECT ${q(c.status)} AS status FROM ${q(t.table)} WHERE ${q(c.id)} = $1 FOR UPDATE`,
        [id],
      );
      if (!row) return 'the campaign no longer exists';
      return row.status === t.statuses.taken
        ? undefined
        : `the campaign is "${row.status}", not held by the bus`;
    },
    async sent(tx, id) {
      // Fanned out: sending, or already sent when every recipient finished during the fan-out.
      const r = t.recipients;
      await tx.query(
        `UPDATE ${q(t.table)} SET ${q(c.status)} = CASE WHEN EXISTS (
             SELECT 1 FROM ${q(r.table)} WHERE ${q(r.columns.campaignId)} = $1 AND ${q(r.columns.status)} IN ($4, $5))
           THEN $2 ELSE $3 END WHERE ${q(c.id)} = $1`,
        [id, t.statuses.sending, t.statuses.sent, r.statuses.pending, r.statuses.taken],
      );
    },
    async failed() {
      // The campaign stays held; its launch is in the failed store, from where it can be retried.
    },
  };
}

export function rowGuards(m: LegacyMapping): Record<LegacyRowKind, RowGuard> {
  return {
    email: statusGuard('emails', m.emails),
    recipient: statusGuard('campaigns', m.campaigns.recipients),
    campaign: campaignGuard(m),
    enrollment: enrollmentGuard(m),
  };
}

/**
 * A drip step is sent only at the enrolment's current step, to a contact who has not opted out
 * (who is then stopped). Held or active rows qualify: in `symphony` mode the legacy job is off,
 * and the step check under the lock lets only one message send a step.
 */
function enrollmentGuard(m: LegacyMapping): RowGuard {
  const e = m.drips.enrollments;
  const c = e.columns;
  const s = m.drips.steps;
  const ct = m.contacts;
  return {
    job: 'drips',
    async lock(tx, id, envelope) {
      const [row] = await tx.query<{ status: string; step: number; opted_out: boolean }>(
        `SELECT e.${q(c.status)} AS status, e.${q(c.step)} AS step, ct.${q(ct.columns.smsOptOut)} AS opted_out
           FROM ${q(e.table)} e JOIN ${q(ct.table)} ct ON ct.${q(ct.columns.id)} = e.${q(c.contactId)}
          WHERE e.${q(c.id)} = $1 FOR UPDATE OF e`,
        [id],
      );
      if (!row) return 'the enrolment no longer exists';
      if (row.status !== e.statuses.taken && row.status !== e.statuses.active)
        return `the enrolment is "${row.status}"`;
      const step = (envelope.body as { step?: unknown }).step;
      if (typeof step === 'number' && step !== Number(row.step))
        return `the enrolment is at step ${row.step}, not ${step}`;
      if (row.opted_out) {
        await tx.query(`UPDATE ${q(e.table)} SET ${q(c.status)} = $2 WHERE ${q(c.id)} = $1`, [
          id,
          e.statuses.stopped,
        ]);
        return 'the contact opted out; enrolment stopped';
      }
      return undefined;
    },
    async sent(tx, id) {
      // Next step due after its delay (back to active: whoever holds the next step's message, or the
      // bridge when it is due, sends it), or the drip is complete.
      await tx.query(
        `UPDATE ${q(e.table)} e SET ${q(c.step)} = e.${q(c.step)} + 1, ${q(c.attempts)} = 0,
                ${q(c.lastError)} = NULL, ${q(c.lastSentAt)} = now(),
                ${q(c.status)} = CASE WHEN n.${q(s.columns.step)} IS NULL THEN $2 ELSE $3 END,
                ${q(c.nextRunAt)} = now() + make_interval(secs => coalesce(n.${q(s.columns.delaySeconds)}, 0))
           FROM ${q(e.table)} cur
           LEFT JOIN ${q(s.table)} n ON n.${q(s.columns.dripId)} = cur.${q(c.dripId)} AND n.${q(s.columns.step)} = cur.${q(c.step)} + 1
          WHERE e.${q(c.id)} = $1 AND cur.${q(c.id)} = $1`,
        [id, e.statuses.completed, e.statuses.active],
      );
    },
    async failed(tx, id, error, final) {
      await tx.query(
        `UPDATE ${q(e.table)} SET ${q(c.status)} = $2, ${q(c.attempts)} = ${q(c.attempts)} + 1,
                ${q(c.lastError)} = $3 WHERE ${q(c.id)} = $1`,
        [id, final ? e.statuses.failed : e.statuses.taken, error],
      );
    },
  };
}
