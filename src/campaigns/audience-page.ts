import { compareIds } from '../legacy/campaign-rows';
import type { LegacySql } from '../legacy/legacy-db';
import type { LegacyMapping } from '../legacy/legacy-mapping';
import { q } from '../legacy/sql-names';

/** One recipient to send to: the recipient row, its contact, the address. */
export interface Recipient {
  recipientId: string;
  contactId: string;
  email: string;
}

export interface AudiencePage {
  recipients: Recipient[];
  /** Recipients marked skipped in this page (opted out of e-mail, or no address). */
  skipped: number;
  /** The largest recipient id of the page: the next page starts after it; undefined when the page is empty. */
  last?: string;
}

/** last_error of a recipient the fan-out did not send to; `campaign:status` counts these as skipped. */
export const SKIPPED_PREFIX = 'skipped: ';

/**
 * The next page of a campaign's audience still to send, in recipient id order after `after`, taken
 * in one statement: recipients are marked held by the bus (`taken`), or `failed` with a `skipped:`
 * reason when their contact opted out of e-mail or has no address. Recipients already held by an
 * earlier fan-out that crashed are taken again (their idempotency key drops a copy still queued);
 * rows locked by a send under way are passed over (their send is their outcome).
 */
export async function takeAudiencePage(
  tx: LegacySql,
  m: LegacyMapping,
  campaignId: string,
  after: string | undefined,
  limit: number,
): Promise<AudiencePage> {
  const r = m.campaigns.recipients;
  const rc = r.columns;
  const page = pageSelect(m, after === undefined ? undefined : 6, {
    where: `AND r.${q(rc.status)} IN ($3, $4)`,
    lock: true,
  });
  const params = [campaignId, limit, r.statuses.pending, r.statuses.taken, r.statuses.failed];
  const rows = await tx.query<PageRow>(
    `WITH page AS (${page})
     UPDATE ${q(r.table)} t
        SET ${q(rc.status)} = CASE WHEN page.skip IS NULL THEN $4 ELSE $5 END,
            ${q(rc.lastError)} = coalesce(page.skip, t.${q(rc.lastError)})
       FROM page WHERE t.${q(rc.id)} = page.id
     RETURNING page.id::text AS id, page.contact::text AS contact, page.email, page.skip`,
    after === undefined ? params : [...params, after],
  );
  return pageOf(rows);
}

/**
 * Shadow mode: the same page read without marking anything (the legacy job is sending this
 * campaign for real); opted-out contacts are left out as the fan-out would skip them.
 */
export async function readAudiencePage(
  db: LegacySql,
  m: LegacyMapping,
  campaignId: string,
  after: string | undefined,
  limit: number,
): Promise<AudiencePage> {
  const rows = await db.query<PageRow>(
    `SELECT id::text AS id, contact::text AS contact, email, skip
       FROM (${pageSelect(m, after === undefined ? undefined : 3, {})}) page`,
    after === undefined ? [campaignId, limit] : [campaignId, limit, after],
  );
  return pageOf(rows);
}

interface PageRow {
  id: string;
  contact: string;
  email: string | null;
  skip: string | null;
}

/**
 * A page of the audience ($1 campaign id, $2 page size, `$<afterParam>` the last id of the page
 * before), each recipient with its contact's address and, when it is not to be sent, why.
 */
function pageSelect(
  m: LegacyMapping,
  afterParam: number | undefined,
  options: { where?: string; lock?: boolean },
): string {
  const r = m.campaigns.recipients;
  const rc = r.columns;
  const c = m.contacts.columns;
  const optOut = c.emailOptOut ? `coalesce(c.${q(c.emailOptOut)}, false)` : 'false';
  return `SELECT r.${q(rc.id)} AS id, r.${q(rc.contactId)} AS contact, c.${q(c.email)} AS email,
                 CASE WHEN ${optOut} THEN '${SKIPPED_PREFIX}the contact opted out of e-mail'
                      WHEN nullif(trim(c.${q(c.email)}), '') IS NULL THEN '${SKIPPED_PREFIX}the contact has no e-mail address'
                 END AS skip
            FROM ${q(r.table)} r JOIN ${q(m.contacts.table)} c ON c.${q(c.id)} = r.${q(rc.contactId)}
           WHERE r.${q(rc.campaignId)} = $1 ${afterParam === undefined ? '' : `AND r.${q(rc.id)} > $${afterParam}`}
                 ${options.where ?? ''}
           ORDER BY r.${q(rc.id)} LIMIT $2 ${options.lock ? 'FOR UPDATE OF r SKIP LOCKED' : ''}`;
}

function pageOf(rows: PageRow[]): AudiencePage {
  // RETURNING keeps no order: sort by id, numerically when the ids are numbers (as ORDER BY did).
  const sorted = [...rows].sort((a, b) => compareIds(a.id, b.id));
  return {
    recipients: sorted
      .filter((row) => row.skip === null && row.email !== null)
      .map((row) => ({ recipientId: row.id, contactId: row.contact, email: row.email!.trim() })),
    skipped: sorted.filter((row) => row.skip !== null).length,
    last: sorted.at(-1)?.id,
  };
}
