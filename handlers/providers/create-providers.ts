import type { ProvidersConfig } from '../../src/config/providers-config';
import { logEmailProvider, logSmsProvider } from './log-providers';
import type { Providers } from './provider';
import { createSmtpEmailProvider } from './smtp-email-provider';
import { createTwilioSmsProvider } from './twilio-sms-provider';

/** The providers the configuration chooses (the handlers make them record-only in shadow deliveries). */
export function createProviders(config: ProvidersConfig): Providers {
  const email =
    config.email.kind === 'smtp' ? createSmtpEmailProvider(config.email, config.timeoutMs) : logEmailProvider;
  const sms =
    config.sms.kind === 'twilio' ? createTwilioSmsProvider(config.sms, config.timeoutMs) : logSmsProvider;
  return { email, sms };
}
