import type { LegacySql } from '../legacy-db';
import type { LegacyRowKind } from '../legacy-headers';
import type { LegacyJob, LegacyMapping } from '../legacy-mapping';
import { q } from '../sql-names';

/** One legacy row, as the message that stands for it. */
export interface BridgeItem {
  kind: LegacyRowKind;
  rowId: string;
  step: number;
  type: string;
  body: Record<string, unknown>;
  idempotencyKey: string;
}

/**
 * How the bridge finds a job's due rows: `where` selects them (with `$1` = the pending status),
 * `take` is the status that marks them held, and `toItem` turns a returned row into a message.
 */
interface DueRows {
  table: string;
  id: string;
  status: string;
  pending: string;
  taken: string;
  /** Extra condition: due now, not exhausted. */
  due: string;
  /** Columns returned (aliased), besides `id`. */
  returning: string;
  toItem(row: Record<string, unknown>): BridgeItem;
}

const text = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

export function dueRowsOf(m: LegacyMapping, job: LegacyJob): DueRows {
  switch (job) {
    case 'emails': {
      const e = m.emails;
      const c = e.columns;
      return {
        table: e.table,
        id: c.id,
        status: c.status,
        pending: e.statuses.pending,
        taken: e.statuses.taken,
        due: `${q(c.sendAfter)} <= now() AND ${q(c.attempts)} < ${e.maxAttempts}`,
        returning: `${q(c.to)} AS "to", ${q(c.subject)} AS subject, ${q(c.text)} AS text, ${q(c.html)} AS html`,
        toItem: (row) => ({
          kind: 'email',
          rowId: String(row.id),
          step: 0,
          type: 'email.send',
          body: { to: row.to, subject: row.subject, text: text(row.text), html: text(row.html) },
          idempotencyKey: `email:${row.id}`,
        }),
      };
    }
    case 'campaigns': {
      const t = m.campaigns;
      const c = t.columns;
      return {
        table: t.table,
        id: c.id,
        status: c.status,
        pending: t.statuses.scheduled,
        taken: t.statuses.taken,
        due: `${q(c.scheduledAt)} <= now()`,
        returning: '1 AS one',
        toItem: (row) => ({
          kind: 'campaign',
          rowId: String(row.id),
          step: 0,
          type: 'campaign.launch',
          body: { campaignId: String(row.id) },
          idempotencyKey: `campaign:${row.id}`,
        }),
      };
    }
    case 'drips': {
      const e = m.drips.enrollments;
      const c = e.columns;
      const ct = m.contacts;
      return {
        table: e.table,
        id: c.id,
        status: c.status,
        pending: e.statuses.active,
        taken: e.statuses.taken,
        due: `${q(c.nextRunAt)} <= now()`,
        returning: `${q(c.dripId)}::text AS drip_id, ${q(c.step)} AS step,
          (SELECT ${q(ct.columns.phone)} FROM ${q(ct.table)} WHERE ${q(ct.columns.id)} = ${q(c.contactId)}) AS phone`,
        toItem: (row) => ({
          kind: 'enrollment',
          rowId: String(row.id),
          step: Number(row.step),
          type: 'sms.drip_step',
          body: { to: row.phone, dripId: row.drip_id, step: Number(row.step) },
          idempotencyKey: `drip:${row.id}:${row.step}`,
        }),
      };
    }
  }
}

/** Takes up to `limit` due rows and marks them held, in one statement (the caller's transaction). */
export async function takeDueRows(tx: LegacySql, d: DueRows, limit: number): Promise<BridgeItem[]> {
  const rows = await tx.query(
    `UPDATE ${q(d.table)} SET ${q(d.status)} = $2
      WHERE ${q(d.id)} IN (SELECT ${q(d.id)} FROM ${q(d.table)} WHERE ${q(d.status)} = $1 AND ${d.due}
                            ORDER BY ${q(d.id)} LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING ${q(d.id)}::text AS id, ${d.returning}`,
    [d.pending, d.taken, limit],
  );
  return rows.map((row) => d.toItem(row));
}

/** Shadow mode: due pending rows the shadow table has not seen, recorded there as dispatched. */
export async function shadowDueRows(
  tx: LegacySql,
  m: LegacyMapping,
  job: LegacyJob,
  d: DueRows,
  limit: number,
): Promise<BridgeItem[]> {
  const rows = await tx.query(
    `SELECT ${q(d.id)}::text AS id, ${d.returning} FROM ${q(d.table)} r
      WHERE ${q(d.status)} = $1 AND ${d.due}
        AND NOT EXISTS (SELECT 1 FROM ${q(m.shadowTable)} s WHERE s.job = $2 AND s.row_id = r.${q(d.id)}::text)
      ORDER BY r.${q(d.id)} LIMIT $3`,
    [d.pending, job, limit],
  );
  const items = rows.map((row) => d.toItem(row));
  if (items.length > 0)
    await tx.query(
      `INSERT INTO ${q(m.shadowTable)} (job, row_id, step, outcome)
       SELECT $1, unnest($2::text[]), unnest($3::int[]), 'dispatched' ON CONFLICT DO NOTHING`,
      [job, items.map((i) => i.rowId), items.map((i) => i.step)],
    );
  return items;
}

/** Rows already held by the bus, in id order after `after` (the backlog import re-offers them). */
export async function heldRows(
  tx: LegacySql,
  d: DueRows,
  after: string | undefined,
  limit: number,
): Promise<BridgeItem[]> {
  // r.<id>, not the output column `id` (text): the order and the cursor are the column's.
  const cursor = after === undefined ? '' : `AND r.${q(d.id)} > $3`;
  const rows = await tx.query(
    `SELECT r.${q(d.id)}::text AS id, ${d.returning} FROM ${q(d.table)} r
      WHERE r.${q(d.status)} = $1 ${cursor} ORDER BY r.${q(d.id)} LIMIT $2`,
    after === undefined ? [d.taken, limit] : [d.taken, limit, after],
  );
  return rows.map((row) => d.toItem(row));
}

/** Rows waiting for the legacy job: all of them, and those not due yet. */
export async function countPending(
  tx: LegacySql,
  d: DueRows,
): Promise<{ pending: number; notDue: number; held: number }> {
  const [row] = await tx.query<{ pending: string; not_due: string; held: string }>(
    `SELECT count(*) FILTER (WHERE ${q(d.status)} = $1) AS pending,
            count(*) FILTER (WHERE ${q(d.status)} = $1 AND NOT (${d.due})) AS not_due,
            count(*) FILTER (WHERE ${q(d.status)} = $2) AS held
       FROM ${q(d.table)}`,
    [d.pending, d.taken],
  );
  return { pending: Number(row?.pending), notDue: Number(row?.not_due), held: Number(row?.held) };
}
