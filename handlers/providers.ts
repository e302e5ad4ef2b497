import { configFromEnv } from '../src/config/config';
import { createLogger } from '../src/logger';

/** Stand-in providers: they log what a real provider would send. */
const log = createLogger(configFromEnv().logLevel).child({ component: 'provider' });

export const emailProvider = {
  async send(mail: { to: string; subject: string; text?: string; html?: string }): Promise<void> {
    log.info({ to: mail.to, subject: mail.subject }, 'email sent (log provider)');
  },
};

export const smsProvider = {
  async send(to: string, text: string): Promise<void> {
    log.info({ to, length: text.length }, 'sms sent (log provider)');
  },
};
