import { SymphonyError } from '../errors';
import type { LegacySql } from '../legacy/legacy-db';
import type { LegacyMapping } from '../legacy/legacy-mapping';
import { q } from '../legacy/sql-names';
import { SKIPPED_PREFIX } from './audience-page';

/**
 * A campaign's progress, read from where it is persisted: each recipient row's status (written by
 * the fan-out and by the write-back of each e-mail) and the campaign row's status. Nothing is
 * counted twice after a crash, as a repeat rewrites the same row.
 */
export interface CampaignProgress {
  campaignId: string;
  /** The campaign row's status: held by the bus while fanning out, then sending, then sent. */
  status: string;
  /** Recipients of the campaign. */
  total: number;
  /** Handed to the bus (in flight, sent or failed); skipped ones excluded. */
  dispatched: number;
  /** Dispatched, outcome not yet written (queued, retrying, being sent). */
  inFlight: number;
  sent: number;
  /** Failed for good, with their reason in the recipient row. */
  failed: number;
  /** Not sent on purpose: opted out of e-mail, or no address. */
  skipped: number;
  /** Not dispatched yet. */
  pending: number;
}

export class CampaignNotFoundError extends SymphonyError {
  constructor(readonly campaignId: string) {
    super(
      'CAMPAIGN_NOT_FOUND',
      `No campaign "${campaignId}" in the legacy database: check the id (the campaigns table's id column, see queues/legacy.ts).`,
    );
  }
}

export async function campaignProgress(
  db: LegacySql,
  m: LegacyMapping,
  campaignId: string,
): Promise<CampaignProgress> {
  const c = m.campaigns;
  const r = c.recipients;
  const rc = r.columns;
  const [row] = await db.query<
    Record<'status' | 'total' | 'pending' | 'sent' | 'failed' | 'skipped', string>
  >(
    `SELECT c.${q(c.columns.status)} AS status, count(r.${q(rc.id)}) AS total,
            count(*) FILTER (WHERE r.${q(rc.status)} = $2) AS pending,
            count(*) FILTER (WHERE r.${q(rc.status)} = $3) AS sent,
            count(*) FILTER (WHERE r.${q(rc.status)} = $4 AND r.${q(rc.lastError)} LIKE $5) AS skipped,
            count(*) FILTER (WHERE r.${q(rc.status)} = $4) AS failed
       FROM ${q(c.table)} c LEFT JOIN ${q(r.table)} r ON r.${q(rc.campaignId)} = c.${q(c.columns.id)}
      WHERE c.${q(c.columns.id)}::text = $1
      GROUP BY c.${q(c.columns.status)}`,
    [campaignId, r.statuses.pending, r.statuses.sent, r.statuses.failed, `${SKIPPED_PREFIX}%`],
  );
  if (!row) throw new CampaignNotFoundError(campaignId);
  const [total, pending, sent, failedAll, skipped] = [
    row.total,
    row.pending,
    row.sent,
    row.failed,
    row.skipped,
  ].map(Number) as [number, number, number, number, number];
  const failed = failedAll - skipped;
  // Held by the bus, or in a status outside the mapping (the legacy job's own 'sending'): in flight.
  const inFlight = total - pending - sent - failedAll;
  return {
    campaignId,
    status: row.status,
    total,
    dispatched: inFlight + sent + failed,
    inFlight,
    sent,
    failed,
    skipped,
    pending,
  };
}
