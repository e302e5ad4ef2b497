import type { Logger } from '../../src/logger';
import { isRecordOnly } from '../../src/legacy/record-only';
import type { Providers } from './provider';

/** What a provider would have sent in a shadow delivery; `key` is the Message-ID / idempotency key. */
export interface RecordedSend {
  channel: 'email' | 'sms';
  provider: string;
  to: string;
  subject?: string;
  body?: string;
  key: string;
}

export interface SendRecorder {
  record(entry: RecordedSend, log: Logger): Promise<void>;
}

/** The default recorder: one log line per send that did not happen. */
export const logRecorder: SendRecorder = {
  async record(entry, log) {
    log.info({ channel: entry.channel, to: entry.to, key: entry.key }, 'not sent: recorded only (shadow)');
  },
};

/**
 * Providers that record instead of sending inside a shadow delivery (`isRecordOnly()`, set by the
 * legacy write-back while the legacy job still sends for real), and send as usual otherwise.
 */
export function recordOnlyInShadow(providers: Providers, recorder: SendRecorder = logRecorder): Providers {
  const { email, sms } = providers;
  return {
    email: {
      name: email.name,
      async send(mail, log) {
        if (!isRecordOnly()) return email.send(mail, log);
        const { to, subject, text, html, messageId } = mail;
        await recorder.record(
          { channel: 'email', provider: email.name, to, subject, body: text ?? html, key: messageId },
          log,
        );
        return { provider: email.name, recorded: true };
      },
      close: () => email.close?.() ?? Promise.resolve(),
    },
    sms: {
      name: sms.name,
      async send(message, log) {
        if (!isRecordOnly()) return sms.send(message, log);
        const { to, body, idempotencyKey } = message;
        await recorder.record({ channel: 'sms', provider: sms.name, to, body, key: idempotencyKey }, log);
        return { provider: sms.name, recorded: true };
      },
      close: () => sms.close?.() ?? Promise.resolve(),
    },
  };
}
