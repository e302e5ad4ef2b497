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

/** Numeric ids compare as numbers, others (uuid) as text, like ORDER BY on their column. */
export const compareIds = (a: string, b: string): number =>
  /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(BigInt(a) - BigInt(b)) : a < b ? -1 : a > b ? 1 : 0;
