import type { LegacySql } from './legacy-db';
import type { LegacyMapping } from './legacy-mapping';
import { q } from './sql-names';

export interface CampaignContent {
  id: string;
  subject: string;
  text?: string;
  html?: string;
}

/** A campaign's content, read through the mapping; undefined when there is no such campaign. */
export async function loadCampaign(
  db: LegacySql,
  m: LegacyMapping,
  campaignId: string,
): Promise<CampaignContent | undefined> {
  const c = m.campaigns.columns;
  const [row] = await db.query<{ id: string; subject: string; text: string | null; html: string | null }>(
    `SELECT ${q(c.id)}::text AS id, ${q(c.subject)} AS subject, ${q(c.text)} AS text, ${q(c.html)} AS html
       FROM ${q(m.campaigns.table)} WHERE ${q(c.id)} = $1`,
    [campaignId],
  );
  return (
    row && { id: row.id, subject: row.subject, text: row.text ?? undefined, html: row.html ?? undefined }
  );
}

export interface AudienceMember {
  recipientId: string;
  contactId: string;
  email: string;
}

/**
 * The next page of a campaign's audience still to send (pending, or taken by a fan-out that may
 * have crashed before dispatching), in recipient id order after `afterRecipientId`; the page is
 * marked taken by the bus in the same statement. Rows locked by a send in progress are skipped.
 * Re-dispatching a taken row is safe: its idempotency key `campaign:<id>:<contact>` drops the copy.
 */
export async function audiencePage(
  db: LegacySql,
  m: LegacyMapping,
  campaignId: string,
  afterRecipientId: string | undefined,
  limit: number,
): Promise<AudienceMember[]> {
  const r = m.campaigns.recipients;
  const rc = r.columns;
  const ct = m.contacts.columns;
  const after = afterRecipientId === undefined ? '' : `AND ${q(rc.id)} > $5`;
  const params: unknown[] = [campaignId, r.statuses.pending, r.statuses.taken, limit];
  if (afterRecipientId !== undefined) params.push(afterRecipientId);
  const rows = await db.query<AudienceMember>(
    `UPDATE ${q(r.table)} AS r SET ${q(rc.status)} = $3 FROM ${q(m.contacts.table)} AS c
      WHERE r.${q(rc.id)} IN (SELECT ${q(rc.id)} FROM ${q(r.table)}
                               WHERE ${q(rc.campaignId)} = $1 AND ${q(rc.status)} IN ($2, $3) ${after}
                               ORDER BY ${q(rc.id)} LIMIT $4 FOR UPDATE SKIP LOCKED)
        AND c.${q(ct.id)} = r.${q(rc.contactId)}
      RETURNING r.${q(rc.id)}::text AS "recipientId", r.${q(rc.contactId)}::text AS "contactId",
                c.${q(ct.email)} AS email`,
    params,
  );
  // RETURNING keeps no order; the caller's cursor is the largest id of the page.
  return rows.sort((a, b) => compareIds(a.recipientId, b.recipientId));
}

/** Numeric ids compare as numbers, others (uuid) as text, like ORDER BY on their column. */
export const compareIds = (a: string, b: string): number =>
  /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(BigInt(a) - BigInt(b)) : a < b ? -1 : a > b ? 1 : 0;
