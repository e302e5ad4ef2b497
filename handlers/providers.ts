import type { Logger } from '../src/logger';

/**
 * Stand-in providers: they log what a real provider would send, on the handler's logger (so the
 * line carries the message id and goes where the process's logs go).
 */
export const emailProvider = {
  async send(
    mail: { to: string; subject: string; text?: string; html?: string },
    log: Logger,
  ): Promise<void> {
    log.info({ to: mail.to, subject: mail.subject }, 'email sent (log provider)');
  },
};

export const smsProvider = {
  async send(to: string, text: string, log: Logger): Promise<void> {
    log.info({ to, length: text.length }, 'sms sent (log provider)');
  },
};
