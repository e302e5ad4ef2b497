import { ConfigError } from '../../errors';
import { headline, plainText, type Notifier } from '../notifier';

/** One alert e-mail, shaped for the project's e-mail provider (handlers/providers). */
export interface AlertMail {
  to: string;
  subject: string;
  text: string;
  /** The same for a retried send of one notification, so the receiving side can tell a repeat. */
  messageId: string;
}

export interface EmailNotifierOptions {
  to: string | readonly string[];
  /** Sends one e-mail, e.g. `(mail) => providers.email.send(mail, logger)`; a throw is retried. */
  send: (mail: AlertMail) => Promise<unknown>;
}

/** An e-mail per recipient through the app's own provider (SMTP in production, the log in development). */
export function emailNotifier(options: EmailNotifierOptions): Notifier {
  const to = (typeof options.to === 'string' ? [options.to] : [...options.to]).filter(Boolean);
  if (to.length === 0)
    throw new ConfigError('emailNotifier: no recipient', {
      fields: [{ path: 'to', message: 'give at least one address' }],
    });
  return {
    name: `email ${to.join(', ')}`,
    async notify(n) {
      const id = `alert-${n.id.replace(/[^\w.-]/g, '-')}-${n.status}`;
      for (const address of to) {
        await options.send({ to: address, subject: headline(n), text: plainText(n), messageId: id });
      }
    },
  };
}
