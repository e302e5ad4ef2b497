import type { Transporter } from 'nodemailer';
import type { EmailProviderConfig } from '../../src/config/providers-config';
import type { Logger } from '../../src/logger';
import { withOptionalPeers } from '../../src/packaging/optional-peers';
import { classifySmtpFailure } from './classify-smtp';
import type { EmailProvider, OutgoingEmail, SendReceipt } from './provider';
import { providerError } from './provider-errors';

type SmtpConfig = Extract<EmailProviderConfig, { kind: 'smtp' }>;

/** nodemailer is an optional peer: required when the first SMTP provider is made. */
const loadNodemailer = (): typeof import('nodemailer') =>
  withOptionalPeers('E-mail over SMTP (SMTP_URL)', ['nodemailer'], () =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, not at import
    require('nodemailer'),
  );

/**
 * E-mail over SMTP with nodemailer: pooled connections (unless SMTP_URL says `?pool=false`), every
 * wait bounded by `timeoutMs`, and Message-ID `<message id@domain>` so a repeat is recognisable.
 */
export function createSmtpEmailProvider(config: SmtpConfig, timeoutMs: number): EmailProvider {
  let transporter: Transporter | undefined;
  const open = (): Transporter =>
    (transporter ??= loadNodemailer().createTransport({
      url: config.url,
      pool: true,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    }));
  return {
    name: 'smtp',
    async send(mail: OutgoingEmail, log: Logger): Promise<SendReceipt> {
      let info: { messageId?: string; response?: string };
      try {
        info = await open().sendMail({
          from: config.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: smtpMessageId(mail.messageId, config.messageIdDomain),
        });
      } catch (error) {
        throw providerError('SMTP server', classifySmtpFailure(error), error);
      }
      log.debug({ to: mail.to, messageId: info.messageId, response: info.response }, 'email sent (smtp)');
      return { provider: 'smtp', providerId: info.messageId };
    },
    async close() {
      transporter?.close();
      transporter = undefined;
    },
  };
}

/** `<id@domain>`: the same for every attempt of one bus message. */
export const smtpMessageId = (messageId: string, domain: string): string => `<${messageId}@${domain}>`;
