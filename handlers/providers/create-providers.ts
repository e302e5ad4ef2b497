import type { ProvidersConfig } from '../../src/config/providers-config';
import { logEmailProvider, logSmsProvider } from './log-providers';
import type { Providers } from './provider';
import { recordOnlyInShadow, type SendRecorder } from './record-only';
import { createSmtpEmailProvider } from './smtp-email-provider';
import { createTwilioSmsProvider } from './twilio-sms-provider';

/** The providers the configuration chooses, recording instead of sending inside shadow deliveries. */
export function createProviders(config: ProvidersConfig, recorder?: SendRecorder): Providers {
  const email =
    config.email.kind === 'smtp' ? createSmtpEmailProvider(config.email, config.timeoutMs) : logEmailProvider;
  const sms =
    config.sms.kind === 'twilio' ? createTwilioSmsProvider(config.sms, config.timeoutMs) : logSmsProvider;
  return recordOnlyInShadow({ email, sms }, recorder);
}
