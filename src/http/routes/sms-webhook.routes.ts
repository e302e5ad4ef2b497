import express, { Router } from 'express';
import { z } from 'zod';
import type { SmsWebhookConfig } from '../../config/providers-config';
import { optInToSms, optOutOfSms, smsKeyword } from '../../drips/sms-opt-out';
import type { LegacyAccess } from '../../legacy/legacy-access';
import type { Logger } from '../../logger';
import { HttpError } from '../errors';
import { validTwilioSignature } from '../twilio-signature';

export const SMS_WEBHOOK_PATH = '/api/webhooks/twilio/sms';

/** What Twilio posts for an inbound SMS (the fields used here; Twilio sends more, all signed). */
export const twilioInboundForm = z.looseObject({ From: z.string(), Body: z.string() });

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * Twilio's inbound SMS webhook: STOP (and its synonyms) opts the sender out and stops their drips,
 * START opts them back in; anything else is ignored. Twilio calls without a bearer token, so the
 * request is authenticated by its X-Twilio-Signature, checked when TWILIO_AUTH_TOKEN is set (and
 * required in production). Answers empty TwiML: Twilio sends its own confirmation of STOP.
 */
export function smsWebhookRoutes(legacy: LegacyAccess, config: SmsWebhookConfig, logger: Logger): Router {
  const router = Router();
  router.post(SMS_WEBHOOK_PATH, express.urlencoded({ extended: false, limit: '64kb' }), async (req, res) => {
    const params = (req.body ?? {}) as Record<string, string>;
    if (config.authToken) {
      const url = `${config.publicUrl ?? `${req.protocol}://${req.get('host')}`}${req.originalUrl}`;
      if (!validTwilioSignature(config.authToken, req.get('x-twilio-signature'), url, params))
        throw new HttpError(
          403,
          'BAD_SIGNATURE',
          `X-Twilio-Signature does not match ${url}: the request is not from Twilio, or SYMPHONY_PUBLIC_URL is not the address Twilio calls.`,
        );
    } else if (config.environment === 'production') {
      throw new HttpError(
        503,
        'WEBHOOK_NOT_CONFIGURED',
        'Set TWILIO_AUTH_TOKEN so inbound SMS can be checked (X-Twilio-Signature); unsigned requests are refused in production.',
      );
    }
    const keyword = smsKeyword(String(params.Body ?? ''));
    const from = String(params.From ?? '');
    if (keyword && from) {
      const { db, mapping } = await legacy();
      const result =
        keyword === 'stop' ? await optOutOfSms(db, mapping, from) : await optInToSms(db, mapping, from);
      logger.info(
        { ...result, keyword },
        keyword === 'stop' ? 'sms opt-out received' : 'sms opt-in received',
      );
    }
    res.type('text/xml').send(EMPTY_TWIML);
  });
  return router;
}
