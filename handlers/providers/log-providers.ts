import type { EmailProvider, OutgoingEmail, SmsProvider } from './provider';
import { providerError } from './provider-errors';

/** Addresses at these domains fail on purpose, so retries and the failed store can be tried (README tour). */
export const REJECTED_DOMAIN = 'invalid.example';
export const FLAKY_DOMAIN = 'flaky.example';
/** Deliveries of a @flaky.example message that fail before one succeeds. */
export const FLAKY_FAILURES = 2;

/**
 * Development providers: they log what a real provider would send, on the handler's logger (so
 * the line carries the message id and goes where the process's logs go). The e-mail one rejects
 * @invalid.example for good (to the failed store at once) and fails the first two deliveries of a
 * @flaky.example message (retried, then sent): the same outcome for the same attempt every time.
 */
export const logEmailProvider: EmailProvider = {
  name: 'log',
  async send(mail, log) {
    failOnPurpose(mail);
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

function failOnPurpose({ to, attempt = 1 }: OutgoingEmail): void {
  const domain = to.slice(to.lastIndexOf('@') + 1).toLowerCase();
  if (domain === REJECTED_DOMAIN) {
    throw providerError('log', {
      kind: 'rejected',
      reason: `550 5.1.2 no mail is accepted at @${REJECTED_DOMAIN} (a failure on purpose: see the README tour)`,
    });
  }
  if (domain === FLAKY_DOMAIN && attempt <= FLAKY_FAILURES) {
    throw providerError('log', {
      kind: 'unavailable',
      reason: `421 4.3.0 @${FLAKY_DOMAIN} fails ${FLAKY_FAILURES} deliveries before it accepts one (attempt ${attempt})`,
    });
  }
}
