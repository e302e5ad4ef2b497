import type { SmsProviderConfig } from '../../src/config/providers-config';
import type { Logger } from '../../src/logger';
import { classifyHttpAnswer, classifyRequestFailure } from './classify-http';
import type { OutgoingSms, SendReceipt, SmsProvider } from './provider';
import { providerError } from './provider-errors';

type TwilioConfig = Extract<SmsProviderConfig, { kind: 'twilio' }>;

/** The header that carries the bus message id, so a repeat after a crash is recognisable (IETF draft). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * SMS over Twilio's REST API or any API that speaks it: a form-encoded POST to
 * /2010-04-01/Accounts/{sid}/Messages.json with basic auth, answered 201 with the message's `sid`.
 */
export function createTwilioSmsProvider(config: TwilioConfig, timeoutMs: number): SmsProvider {
  const url = `${config.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
  // A Messaging Service SID (MG...) lets Twilio pick the sender; anything else is the sending number.
  const sender: Record<string, string> = config.from.startsWith('MG')
    ? { MessagingServiceSid: config.from }
    : { From: config.from };
  return {
    name: 'twilio',
    async send(sms: OutgoingSms, log: Logger): Promise<SendReceipt> {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            authorization,
            'content-type': 'application/x-www-form-urlencoded',
            [IDEMPOTENCY_HEADER]: sms.idempotencyKey,
          },
          body: new URLSearchParams({ To: sms.to, Body: sms.body, ...sender }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw providerError('SMS provider', classifyRequestFailure(error, timeoutMs), error);
      }
      const answer = await readAnswer(response, timeoutMs);
      const verdict = classifyHttpAnswer(response.status, response.headers.get('retry-after'), answer.reason);
      if (verdict) throw providerError('SMS provider', verdict);
      log.debug({ to: sms.to, sid: answer.sid }, 'sms sent (twilio)');
      return { provider: 'twilio', providerId: answer.sid };
    },
  };
}

/** Twilio answers `{sid, ...}`, or `{code, message, more_info}` on an error; anything else is kept short. */
async function readAnswer(response: Response, timeoutMs: number): Promise<{ sid?: string; reason: string }> {
  let text = '';
  try {
    text = await response.text();
  } catch (error) {
    if (response.ok) throw providerError('SMS provider', classifyRequestFailure(error, timeoutMs), error);
  }
  try {
    const body = JSON.parse(text) as { sid?: string; code?: number; message?: string };
    const reason = body.message ? `${body.message}${body.code ? ` (error ${body.code})` : ''}` : '';
    return { sid: body.sid, reason };
  } catch {
    return { reason: text.slice(0, 200) };
  }
}
