import type { FlagReader } from '../../../src/flags/flag-mode';
import type { LegacyDb } from '../../../src/legacy/legacy-db';
import { errorText, type LegacyProviders, type LegacyRunResult } from './providers';

interface CampaignRow extends Record<string, unknown> {
  id: string;
  subject: string;
  body_text: string | null;
  body_html: string | null;
}

interface RecipientRow extends Record<string, unknown> {
  id: string;
  email: string | null;
  email_opt_out: boolean;
}

/**
 * The old campaign cron route: due campaigns (and ones a crashed run left 'sending') go out to
 * their pending recipients, a page per run; a campaign is 'sent' once no recipient is left.
 */
export async function processCampaigns(
  db: LegacyDb,
  flags: FlagReader,
  providers: LegacyProviders,
  limit = 500,
): Promise<LegacyRunResult> {
  if ((await flags.mode('campaigns')) === 'symphony') return { sent: 0, failed: 0, skipped: 'on Symphony' };
  const campaigns = await db.query<CampaignRow>(
    `UPDATE campaigns SET status = 'sending'
      WHERE (status = 'scheduled' AND scheduled_at <= now()) OR status = 'sending'
      RETURNING id, subject, body_text, body_html`,
  );
  const result: LegacyRunResult = { sent: 0, failed: 0 };
  for (const campaign of campaigns) {
    const recipients = await db.query<RecipientRow>(
      `UPDATE campaign_recipients r SET status = 'sending' FROM contacts c
        WHERE r.id IN (SELECT id FROM campaign_recipients WHERE campaign_id = $1 AND status = 'pending'
                        ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
          AND c.id = r.contact_id
        RETURNING r.id, c.email, c.email_opt_out`,
      [campaign.id, limit],
    );
    for (const recipient of recipients) {
      if (recipient.email_opt_out || !recipient.email) {
        await db.query(
          `UPDATE campaign_recipients SET status = 'failed', last_error = 'skipped: the contact opted out of e-mail' WHERE id = $1`,
          [recipient.id],
        );
        continue;
      }
      try {
        await providers.email.send({
          to: recipient.email,
          subject: campaign.subject,
          text: campaign.body_text ?? undefined,
          html: campaign.body_html ?? undefined,
        });
        await db.query(
          `UPDATE campaign_recipients SET status = 'sent', attempts = attempts + 1, sent_at = now() WHERE id = $1`,
          [recipient.id],
        );
        result.sent++;
      } catch (error) {
        await db.query(
          `UPDATE campaign_recipients SET status = 'failed', attempts = attempts + 1, last_error = $2 WHERE id = $1`,
          [recipient.id, errorText(error)],
        );
        result.failed++;
      }
    }
    await db.query(
      `UPDATE campaigns SET status = 'sent', sent_at = now()
        WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM campaign_recipients
                                       WHERE campaign_id = $1 AND status IN ('pending', 'sending', 'queued'))`,
      [campaign.id],
    );
  }
  return result;
}
