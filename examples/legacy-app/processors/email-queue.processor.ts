import type { FlagReader } from '../../../src/flags/flag-mode';
import type { LegacyDb } from '../../../src/legacy/legacy-db';
import { errorText, type LegacyProviders, type LegacyRunResult } from './providers';

interface EmailRow extends Record<string, unknown> {
  id: string;
  to_address: string;
  subject: string;
  body_text: string | null;
  body_html: string | null;
  attempts: number;
}

const MAX_ATTEMPTS = 3;

/**
 * The old e-mail queue cron route (GET /api/cron/email-queue, every minute), written the old way:
 * take the due pending rows, send each, write its status. The only new line is the flag check:
 * once the job runs on Symphony the route does nothing, and rows the bus holds (status 'queued')
 * are never 'pending', so this query leaves them alone.
 */
export async function processEmailQueue(
  db: LegacyDb,
  flags: FlagReader,
  providers: LegacyProviders,
  limit = 100,
): Promise<LegacyRunResult> {
  if ((await flags.mode('emails')) === 'symphony') return { sent: 0, failed: 0, skipped: 'on Symphony' };
  const rows = await db.query<EmailRow>(
    `UPDATE email_queue SET status = 'sending'
      WHERE id IN (SELECT id FROM email_queue WHERE status = 'pending' AND send_after <= now()
                    ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING id, to_address, subject, body_text, body_html, attempts`,
    [limit],
  );
  const result: LegacyRunResult = { sent: 0, failed: 0 };
  for (const row of rows) {
    try {
      await providers.email.send({
        to: row.to_address,
        subject: row.subject,
        text: row.body_text ?? undefined,
        html: row.body_html ?? undefined,
      });
      await db.query(
        `UPDATE email_queue SET status = 'sent', attempts = attempts + 1, sent_at = now(), last_error = NULL
          WHERE id = $1`,
        [row.id],
      );
      result.sent++;
    } catch (error) {
      const final = row.attempts + 1 >= MAX_ATTEMPTS;
      await db.query(
        `UPDATE email_queue SET status = $2, attempts = attempts + 1, last_error = $3 WHERE id = $1`,
        [row.id, final ? 'failed' : 'pending', errorText(error)],
      );
      result.failed++;
    }
  }
  return result;
}
