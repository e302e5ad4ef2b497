import type { EmailProvider, SmsProvider } from './provider';

/**
 * Development providers: they log what a real provider would send, on the handler's logger (so
 * the line carries the message id and goes where the process's logs go).
 */
export const logEmailProvider: EmailProvider = {
  name: 'log',
  async send(mail, log) {
    log.info({ to: mail.to, subject: mail.subject }, 'email sent (log provider)');
    return { provider: 'log' };
  },
};

export const logSmsProvider: SmsProvider = {
  name: 'log',
  async send(sms, log) {
    log.info({ to: sms.to, length: sms.body.length }, 'sms sent (log provider)');
    return { provider: 'log' };
  },
};
