import type { ProviderVerdict } from './provider-errors';

/** What nodemailer puts on its errors (node_modules/nodemailer/dist/cjs/errors.d.ts). */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Envelope and message errors that no retry fixes: a bad address, a message nodemailer cannot build. */
const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS', 'EREQUIRETLS']);

/**
 * An SMTP failure, classified: a 5xx reply is a permanent rejection (RFC 5321: "do not repeat the
 * same request"), a 4xx reply is transient, and everything without a reply (connection refused or
 * lost, timeout, DNS, TLS) may pass later.
 */
export function classifySmtpFailure(error: unknown): ProviderVerdict {
  const e = (error ?? {}) as SmtpFailure;
  const reply = e.response?.trim();
  const reason = reply
    ? `${reply}${e.code ? ` (${e.code})` : ''}`
    : `${e.message ?? String(error)}${e.code ? ` (${e.code})` : ''}`;
  if (e.responseCode !== undefined && e.responseCode >= 500) return { kind: 'rejected', reason };
  if (e.responseCode !== undefined && e.responseCode >= 400) return { kind: 'unavailable', reason };
  if (e.code && PERMANENT_CODES.has(e.code)) return { kind: 'rejected', reason };
  return { kind: 'unavailable', reason };
}
