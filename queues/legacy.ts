import { defineLegacyMapping } from '../src/legacy/legacy-mapping';

/**
 * Where the old cron jobs keep their rows: every table, column and status value Symphony's bridge,
 * write-back and migrate commands use comes from here (never from code). These are the names of
 * examples/legacy-app/migrations/001_legacy_jobs.sql; map your own schema by editing the strings.
 * Checked when loaded: a bad name fails at start with its path.
 */
export const legacy = defineLegacyMapping({
  contacts: {
    table: 'contacts',
    columns: {
      id: 'id',
      email: 'email',
      phone: 'phone',
      smsOptOut: 'sms_opt_out',
      emailOptOut: 'email_opt_out',
    },
  },
  emails: {
    table: 'email_queue',
    columns: {
      id: 'id',
      to: 'to_address',
      subject: 'subject',
      text: 'body_text',
      html: 'body_html',
      status: 'status',
      attempts: 'attempts',
      sendAfter: 'send_after',
      lastError: 'last_error',
      sentAt: 'sent_at',
    },
    statuses: { pending: 'pending', taken: 'queued', sent: 'sent', failed: 'failed' },
    maxAttempts: 3,
  },
  campaigns: {
    table: 'campaigns',
    columns: {
      id: 'id',
      subject: 'subject',
      text: 'body_text',
      html: 'body_html',
      status: 'status',
      scheduledAt: 'scheduled_at',
      sentAt: 'sent_at',
    },
    statuses: { scheduled: 'scheduled', taken: 'queued', sending: 'sending', sent: 'sent' },
    recipients: {
      table: 'campaign_recipients',
      columns: {
        id: 'id',
        campaignId: 'campaign_id',
        contactId: 'contact_id',
        status: 'status',
        attempts: 'attempts',
        lastError: 'last_error',
        sentAt: 'sent_at',
      },
      statuses: { pending: 'pending', taken: 'queued', sent: 'sent', failed: 'failed' },
    },
  },
  drips: {
    steps: {
      table: 'sms_drip_steps',
      columns: { dripId: 'drip_id', step: 'step_index', delaySeconds: 'delay_seconds', body: 'body' },
    },
    enrollments: {
      table: 'sms_drip_enrollments',
      columns: {
        id: 'id',
        dripId: 'drip_id',
        contactId: 'contact_id',
        step: 'current_step',
        nextRunAt: 'next_run_at',
        status: 'status',
        attempts: 'attempts',
        lastError: 'last_error',
        lastSentAt: 'last_sent_at',
      },
      statuses: {
        active: 'active',
        taken: 'queued',
        completed: 'completed',
        stopped: 'stopped',
        failed: 'failed',
      },
      maxAttempts: 3,
    },
  },
});
