import type { MessageBus } from '../bus/follow-up-bus';
import type { Logger } from '../logger';
import type { MessageDefinition } from '../message/define-message';
import { dispatchItems } from '../legacy/bridge/bridge';
import type { BridgeItem } from '../legacy/bridge/due-rows';
import { loadCampaign, type CampaignContent } from '../legacy/campaign-rows';
import type { LegacyDb, LegacySql } from '../legacy/legacy-db';
import type { LegacyMapping } from '../legacy/legacy-mapping';
import { rowGuards } from '../legacy/row-guards';
import { UnrecoverableError } from '../errors';
import { readAudiencePage, takeAudiencePage, type AudiencePage, type Recipient } from './audience-page';

export interface FanOutInput {
  db: LegacyDb;
  mapping: LegacyMapping;
  /** The handler's bus: e-mails carry the launch's correlation id. */
  bus: MessageBus;
  logger: Logger;
  /** The e-mail message the app defines (`email.send`), dispatched once per recipient. */
  email: MessageDefinition;
  campaignId: string;
  /** Shadow mode: nothing is marked, e-mails are dispatched for recording only. */
  shadow: boolean;
  /** Recipients per page (one transaction and one dispatchBatch each); default 1,000. */
  pageSize?: number;
}

export interface FanOutResult {
  /** E-mails stored on the bus by this run. */
  dispatched: number;
  /** Recipients whose e-mail was already on the bus (a re-run after a crash): dropped by their key. */
  alreadyQueued: number;
  /** Opted out of e-mail, or no address: marked skipped. */
  skipped: number;
  /** Addresses the e-mail schema refuses: marked failed with the reason. */
  invalid: number;
}

export const DEFAULT_FAN_OUT_PAGE = 1000;

/**
 * One `email.send` per recipient still to send, a page at a time in recipient id order (keyset
 * pagination, never OFFSET). Each page is taken and dispatched in one transaction of the legacy
 * database, with idempotency key `campaign:<id>:<contact>`: a crash leaves the page pending or
 * held, and a re-run sends it again without a second copy of what is still queued. What was sent
 * or failed already is not in any page again, so a re-run sends nobody twice and misses nobody.
 */
export async function fanOutCampaign(input: FanOutInput): Promise<FanOutResult> {
  const { db, mapping, campaignId, logger } = input;
  const campaign = await loadCampaign(db, mapping, campaignId);
  if (!campaign)
    throw new UnrecoverableError(`Campaign "${campaignId}" does not exist in ${mapping.campaigns.table}.`);
  const total: FanOutResult = { dispatched: 0, alreadyQueued: 0, skipped: 0, invalid: 0 };
  const size = input.pageSize ?? DEFAULT_FAN_OUT_PAGE;
  for (let after: string | undefined; ;) {
    const page = input.shadow
      ? await fanOutPage(input, campaign, db, (tx) => readAudiencePage(tx, mapping, campaignId, after, size))
      : await db.transaction((tx) =>
          fanOutPage(input, campaign, tx, (t) => takeAudiencePage(t, mapping, campaignId, after, size)),
        );
    total.dispatched += page.dispatched;
    total.alreadyQueued += page.alreadyQueued;
    total.skipped += page.skipped;
    total.invalid += page.invalid;
    if (page.last === undefined) break;
    after = page.last;
  }
  logger.info({ campaignId, shadow: input.shadow, ...total }, 'campaign fanned out');
  return total;
}

async function fanOutPage(
  input: FanOutInput,
  campaign: CampaignContent,
  tx: LegacySql,
  read: (tx: LegacySql) => Promise<AudiencePage>,
): Promise<FanOutResult & { last?: string }> {
  const page = await read(tx);
  const items: BridgeItem[] = [];
  let invalid = 0;
  for (const recipient of page.recipients) {
    const item = emailItem(input, campaign, recipient);
    const parsed = input.email.schema.safeParse(item.body);
    if (parsed.success) items.push(item);
    else {
      invalid++;
      const reason = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      if (!input.shadow)
        await rowGuards(input.mapping).recipient.failed(
          tx,
          recipient.recipientId,
          `not sent: ${reason}`,
          true,
        );
    }
  }
  const results = await dispatchItems(input.bus, items, input.shadow);
  const alreadyQueued = results.filter((r) => r.deduplicated).length;
  return {
    dispatched: results.length - alreadyQueued,
    alreadyQueued,
    skipped: page.skipped,
    invalid,
    last: page.last,
  };
}

function emailItem(input: FanOutInput, campaign: CampaignContent, recipient: Recipient): BridgeItem {
  return {
    kind: 'recipient',
    rowId: recipient.recipientId,
    step: 0,
    type: input.email.type,
    body: { to: recipient.email, subject: campaign.subject, text: campaign.text, html: campaign.html },
    idempotencyKey: `campaign:${input.campaignId}:${recipient.contactId}`,
  };
}
