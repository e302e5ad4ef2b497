import { z } from 'zod';
import { ConfigError } from '../errors';

/** E-mail: the log provider (development) or SMTP through nodemailer. */
export type EmailProviderConfig =
  | { kind: 'log' }
  | {
      kind: 'smtp';
      /** smtp:// or smtps:// with credentials, e.g. smtps://user:pass@smtp.example.com:465 */
      url: string;
      from: string;
      /** The right-hand side of Message-ID `<message id@domain>`; default: the domain of `from`. */
      messageIdDomain: string;
    };

/** SMS: the log provider (development) or a Twilio-compatible REST API. */
export type SmsProviderConfig =
  { kind: 'log' } | { kind: 'twilio'; baseUrl: string; accountSid: string; authToken: string; from: string };

/** Settings of the real providers behind the example handlers, built from the environment or given by tests. */
export interface ProvidersConfig {
  email: EmailProviderConfig;
  sms: SmsProviderConfig;
  /** A provider call that has not answered by then counts as a timeout (retried). */
  timeoutMs: number;
}

/** The inbound SMS webhook (STOP / START): how it checks that Twilio sent the request. */
export interface SmsWebhookConfig {
  environment: 'development' | 'production' | 'test';
  /** The Twilio auth token: X-Twilio-Signature is checked with it. Unset: no check, outside production only. */
  authToken?: string;
  /** The public base URL Twilio calls (behind a proxy the request's own URL differs); signatures cover it. */
  publicUrl?: string;
}

const optional = z
  .string()
  .optional()
  .transform((v) => v?.trim() || undefined);

const providersEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  EMAIL_PROVIDER: z.enum(['smtp', 'log']).optional(),
  SMTP_URL: optional.refine(
    (v) => v === undefined || /^smtps?:\/\//.test(v),
    'must be an smtp:// or smtps:// URL',
  ),
  EMAIL_FROM: optional,
  EMAIL_MESSAGE_ID_DOMAIN: optional,
  SMS_PROVIDER: z.enum(['twilio', 'log']).optional(),
  TWILIO_BASE_URL: z.url().default('https://api.twilio.com'),
  TWILIO_ACCOUNT_SID: optional,
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_FROM: optional,
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  SYMPHONY_PUBLIC_URL: z.url().optional(),
});

type ProvidersEnv = z.infer<typeof providersEnvSchema>;

function parseProvidersEnv(source: Record<string, string | undefined>): ProvidersEnv {
  const parsed = providersEnvSchema.safeParse(source);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid environment: ${details}`);
  }
  return parsed.data;
}

export function providersConfigFromEnv(
  source: Record<string, string | undefined> = process.env,
): ProvidersConfig {
  const env = parseProvidersEnv(source);
  return { email: emailConfig(env), sms: smsConfig(env), timeoutMs: env.PROVIDER_TIMEOUT_MS };
}

export function smsWebhookConfigFromEnv(
  source: Record<string, string | undefined> = process.env,
): SmsWebhookConfig {
  const env = parseProvidersEnv(source);
  return {
    environment: env.NODE_ENV,
    ...(env.TWILIO_AUTH_TOKEN ? { authToken: env.TWILIO_AUTH_TOKEN } : {}),
    ...(env.SYMPHONY_PUBLIC_URL ? { publicUrl: env.SYMPHONY_PUBLIC_URL.replace(/\/+$/, '') } : {}),
  };
}

/** SMTP when SMTP_URL is set (or EMAIL_PROVIDER=smtp); the log provider otherwise, never by default in production. */
function emailConfig(env: ProvidersEnv): EmailProviderConfig {
  const kind = env.EMAIL_PROVIDER ?? (env.SMTP_URL ? 'smtp' : 'log');
  if (kind === 'log')
    return logProvider(
      env,
      env.EMAIL_PROVIDER,
      'e-mail',
      'SMTP_URL (smtps://user:pass@host:465) and EMAIL_FROM, or EMAIL_PROVIDER=log to only log e-mails',
    );
  if (!env.SMTP_URL)
    throw new ConfigError('EMAIL_PROVIDER=smtp needs SMTP_URL, e.g. smtps://user:pass@smtp.example.com:465.');
  if (!env.EMAIL_FROM)
    throw new ConfigError(
      'SMTP_URL is set but EMAIL_FROM is not: set the sender, e.g. "Acme <news@acme.example>".',
    );
  const domain = env.EMAIL_MESSAGE_ID_DOMAIN ?? /@([^\s>]+)>?\s*$/.exec(env.EMAIL_FROM)?.[1];
  if (!domain)
    throw new ConfigError(
      `EMAIL_FROM "${env.EMAIL_FROM}" has no domain: give an address, or set EMAIL_MESSAGE_ID_DOMAIN.`,
    );
  return { kind, url: env.SMTP_URL, from: env.EMAIL_FROM, messageIdDomain: domain };
}

/** Twilio when its account SID is set (or SMS_PROVIDER=twilio); the log provider otherwise, never by default in production. */
function smsConfig(env: ProvidersEnv): SmsProviderConfig {
  const kind = env.SMS_PROVIDER ?? (env.TWILIO_ACCOUNT_SID ? 'twilio' : 'log');
  if (kind === 'log')
    return logProvider(
      env,
      env.SMS_PROVIDER,
      'SMS',
      'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM, or SMS_PROVIDER=log to only log messages',
    );
  const missing = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const).filter(
    (k) => !env[k],
  );
  if (missing.length > 0)
    throw new ConfigError(
      `The Twilio SMS provider needs ${missing.join(', ')} (TWILIO_FROM: a +E.164 number or a Messaging Service SID MG…).`,
    );
  return {
    kind,
    baseUrl: env.TWILIO_BASE_URL.replace(/\/+$/, ''),
    accountSid: env.TWILIO_ACCOUNT_SID!,
    authToken: env.TWILIO_AUTH_TOKEN!,
    from: env.TWILIO_FROM!,
  };
}

/** The log provider: in production only when named, so a missing setting never silently drops mail. */
function logProvider(
  env: ProvidersEnv,
  named: string | undefined,
  what: string,
  set: string,
): { kind: 'log' } {
  if (env.NODE_ENV === 'production' && named !== 'log')
    throw new ConfigError(`No ${what} provider in production: set ${set}.`);
  return { kind: 'log' };
}
