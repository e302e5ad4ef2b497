import { defineAlert } from '../src/alerts/alert-rules';
import { defineAlerts } from '../src/alerts/alerts-definition';
import type { Notifier } from '../src/alerts/notifier';
import { emailNotifier } from '../src/alerts/notifiers/email-notifier';
import { webhookNotifier } from '../src/alerts/notifiers/webhook-notifier';
import { alertsConfigFromEnv } from '../src/config/alerts-config';
import { configFromEnv } from '../src/config/config';
import { providersConfigFromEnv } from '../src/config/providers-config';
import { createLogger } from '../src/logger';
import { createProviders } from '../handlers/providers/create-providers';
import type { EmailProvider } from '../handlers/providers/provider';

const MINUTE = 60_000;

/**
 * What is worth waking someone for. One process of the deployment evaluates these (a lease in the
 * store), every 15 s (SYMPHONY_METRICS_SAMPLE_MS); deploy/prometheus/alerts.yml has the same rules
 * for Prometheus + Alertmanager users. See docs/operations.md, "Alerts".
 */
export const rules = [
  defineAlert({
    id: 'emails-failing',
    kind: 'failure-rate',
    queue: 'emails',
    above: 0.2,
    windowMs: 10 * MINUTE,
    minMessages: 20,
    severity: 'critical',
    summary: 'More than 20% of e-mails fail: check the SMTP provider and the failed store',
  }),
  defineAlert({ id: 'sms-failing', kind: 'failure-rate', queue: 'sms', above: 0.2, windowMs: 10 * MINUTE }),
  defineAlert({ id: 'emails-waiting', kind: 'oldest-waiting', queue: 'emails', olderThanMs: 15 * MINUTE }),
  defineAlert({
    id: 'failed-emails-piling-up',
    kind: 'failed-growth',
    queue: 'emails',
    above: 100,
    windowMs: 60 * MINUTE,
  }),
  defineAlert({ id: 'campaigns-backlog', kind: 'queue-depth', queue: 'campaigns', above: 10_000 }),
  defineAlert({
    id: 'no-email-worker',
    kind: 'no-worker',
    queue: 'emails',
    forMs: 5 * MINUTE,
    severity: 'critical',
  }),
  defineAlert({ id: 'schedule-missed', kind: 'schedule-missed', graceMs: 5 * MINUTE }),
];

/** The app's own e-mail provider (SMTP_URL), made on the first alert e-mail. */
let mailer: EmailProvider | undefined;
const mailerLog = () => createLogger(configFromEnv().logLevel);

/** Where notifications go besides the log: ALERT_WEBHOOK_URL (+ ALERT_WEBHOOK_FORMAT) and ALERT_EMAIL_TO. */
function notifiers(): Notifier[] {
  const config = alertsConfigFromEnv();
  const list: Notifier[] = [];
  if (config.webhookUrl) list.push(webhookNotifier({ url: config.webhookUrl, format: config.webhookFormat }));
  if (config.emailTo.length > 0)
    list.push(
      emailNotifier({
        to: config.emailTo,
        send: (mail) => (mailer ??= createProviders(providersConfigFromEnv()).email).send(mail, mailerLog()),
      }),
    );
  return list;
}

export const alerts = defineAlerts({ rules, notify: notifiers(), cooldownMs: 15 * MINUTE });
