import type { Logger } from '../../src/logger';

/** One e-mail as the handlers hand it to a provider. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text?: string;
  html?: string;
  /**
   * The bus message id: the same on every attempt of one message, so a repeat after a crash carries
   * the same Message-ID `<id@domain>` and the receiving side can tell it is one e-mail.
   */
  messageId: string;
  /** Which delivery of that message this is (1 on the first); the log provider's examples use it. */
  attempt?: number;
}

/** One SMS; `idempotencyKey` (the bus message id) travels as the Idempotency-Key header. */
export interface OutgoingSms {
  to: string;
  body: string;
  idempotencyKey: string;
}

/** What a provider answered: its own id for the message, or `recorded` when nothing was sent (shadow). */
export interface SendReceipt {
  provider: string;
  providerId?: string;
  recorded?: boolean;
}

/**
 * A provider throws what the bus understands: UnrecoverableError for a permanent rejection (straight
 * to the failed store with the provider's reason), RecoverableError with a delay for 429, and
 * ProviderUnavailableError (retried within the queue's maxRetries) for 5xx, timeouts and lost connections.
 */
export interface EmailProvider {
  readonly name: string;
  send(mail: OutgoingEmail, log: Logger): Promise<SendReceipt>;
  close?(): Promise<void>;
}

export interface SmsProvider {
  readonly name: string;
  send(sms: OutgoingSms, log: Logger): Promise<SendReceipt>;
  close?(): Promise<void>;
}

export interface Providers {
  email: EmailProvider;
  sms: SmsProvider;
}

export async function closeProviders(providers: Providers): Promise<void> {
  await Promise.all([providers.email.close?.(), providers.sms.close?.()]);
}
