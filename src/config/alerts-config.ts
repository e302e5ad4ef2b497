import { z } from 'zod';
import { ConfigError } from '../errors';

/** Where the app's alerts go (queues/alerts.ts reads these); every notifier is optional. */
export interface AlertsConfig {
  /** A webhook receiving each firing and resolved notification. */
  webhookUrl?: string;
  /** `slack` for Slack-compatible incoming webhooks, `json` for the notification as is. */
  webhookFormat: 'json' | 'slack';
  /** Recipients of alert e-mails, sent through the app's e-mail provider (SMTP_URL). */
  emailTo: string[];
}

const alertsEnvSchema = z.object({
  ALERT_WEBHOOK_URL: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .refine((v) => v === undefined || /^https?:\/\//.test(v), 'must be an http:// or https:// URL'),
  ALERT_WEBHOOK_FORMAT: z.enum(['json', 'slack']).default('json'),
  ALERT_EMAIL_TO: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list.every((a) => /^[^@\s]+@[^@\s]+$/.test(a)),
      'must be e-mail addresses separated by commas',
    ),
});

export function alertsConfigFromEnv(source: Record<string, string | undefined> = process.env): AlertsConfig {
  const parsed = alertsEnvSchema.safeParse(source);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new ConfigError(`Invalid environment: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, {
      fields,
    });
  }
  const env = parsed.data;
  return {
    ...(env.ALERT_WEBHOOK_URL ? { webhookUrl: env.ALERT_WEBHOOK_URL } : {}),
    webhookFormat: env.ALERT_WEBHOOK_FORMAT,
    emailTo: env.ALERT_EMAIL_TO,
  };
}
