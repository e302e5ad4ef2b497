import type { LegacySql } from './legacy-db';
import type { LegacyMapping } from './legacy-mapping';
import { q } from './sql-names';

/**
 * After a recipient's outcome: the campaign is `sent` once no recipient is pending or held (the
 * fan-out only takes recipients that exist, so a campaign being fanned out still has pending ones).
 * Run after the recipient's commit; the launch does the same check when it ends.
 */
export async function completeCampaignIfDone(
  db: LegacySql,
  m: LegacyMapping,
  recipientId: string,
): Promise<void> {
  const c = m.campaigns;
  const r = c.recipients;
  await db.query(
    `UPDATE ${q(c.table)} SET ${q(c.columns.status)} = $2, ${q(c.columns.sentAt)} = now()
      WHERE ${q(c.columns.status)} IN ($3, $6)
        AND ${q(c.columns.id)} = (SELECT ${q(r.columns.campaignId)} FROM ${q(r.table)} WHERE ${q(r.columns.id)} = $1)
        AND NOT EXISTS (SELECT 1 FROM ${q(r.table)}
                         WHERE ${q(r.columns.campaignId)} = ${q(c.table)}.${q(c.columns.id)}
                           AND ${q(r.columns.status)} IN ($4, $5))`,
    [
      recipientId,
      c.statuses.sent,
      c.statuses.sending,
      r.statuses.pending,
      r.statuses.taken,
      c.statuses.taken,
    ],
  );
}
