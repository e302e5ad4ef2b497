import type { FlagReader } from '../../../src/flags/flag-mode';
import type { LegacyDb } from '../../../src/legacy/legacy-db';
import { errorText, type LegacyProviders, type LegacyRunResult } from './providers';

interface DueEnrollment extends Record<string, unknown> {
  id: string;
  drip_id: string;
  current_step: number;
  attempts: number;
  phone: string;
  sms_opt_out: boolean;
  body: string | null;
  next_delay: number | null;
}

const MAX_ATTEMPTS = 3;

/**
 * The old SMS drip cron route: every due active enrolment gets its current step, then waits for
 * the next one's delay or completes; a contact who opted out is stopped instead.
 */
export async function processSmsDrips(
  db: LegacyDb,
  flags: FlagReader,
  providers: LegacyProviders,
  limit = 200,
): Promise<LegacyRunResult> {
  if ((await flags.mode('drips')) === 'symphony') return { sent: 0, failed: 0, skipped: 'on Symphony' };
  const due = await db.query<DueEnrollment>(
    `WITH taken AS (
       UPDATE sms_drip_enrollments SET status = 'sending'
        WHERE id IN (SELECT id FROM sms_drip_enrollments WHERE status = 'active' AND next_run_at <= now()
                      ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, drip_id, contact_id, current_step, attempts)
     SELECT t.id, t.drip_id, t.current_step, t.attempts, c.phone, c.sms_opt_out,
            s.body, n.delay_seconds AS next_delay
       FROM taken t JOIN contacts c ON c.id = t.contact_id
       LEFT JOIN sms_drip_steps s ON s.drip_id = t.drip_id AND s.step_index = t.current_step
       LEFT JOIN sms_drip_steps n ON n.drip_id = t.drip_id AND n.step_index = t.current_step + 1`,
    [limit],
  );
  const result: LegacyRunResult = { sent: 0, failed: 0 };
  for (const row of due) {
    if (row.sms_opt_out || row.body === null) {
      const status = row.sms_opt_out ? 'stopped' : 'completed';
      await db.query(`UPDATE sms_drip_enrollments SET status = $2 WHERE id = $1`, [row.id, status]);
      continue;
    }
    try {
      await providers.sms.send(row.phone, row.body);
      await db.query(
        `UPDATE sms_drip_enrollments
            SET current_step = current_step + 1, attempts = 0, last_error = NULL, last_sent_at = now(),
                status = CASE WHEN $2::int IS NULL THEN 'completed' ELSE 'active' END,
                next_run_at = now() + make_interval(secs => coalesce($2::int, 0))
          WHERE id = $1`,
        [row.id, row.next_delay],
      );
      result.sent++;
    } catch (error) {
      const final = row.attempts + 1 >= MAX_ATTEMPTS;
      await db.query(
        `UPDATE sms_drip_enrollments SET status = $2, attempts = attempts + 1, last_error = $3 WHERE id = $1`,
        [row.id, final ? 'failed' : 'active', errorText(error)],
      );
      result.failed++;
    }
  }
  return result;
}
