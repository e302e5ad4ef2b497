import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { campaignProgress } from '../../campaigns/campaign-status';
import { optOutKnownNumber } from '../../drips/sms-opt-out';
import type { LegacyAccess } from '../../legacy/legacy-access';
import { allow } from '../auth';
import { parseInput } from '../parse';

const count = z.number().int().min(0);
export const campaignProgressSchema = z.object({
  campaignId: z.string(),
  status: z.string().describe("the campaign row's status"),
  total: count,
  dispatched: count.describe('handed to the bus: in flight, sent or failed'),
  inFlight: count,
  sent: count,
  failed: count,
  skipped: count.describe('opted out of e-mail, or no address'),
  pending: count.describe('not dispatched yet'),
});

export const smsOptOutBody = z.object({ phone: z.string().trim().min(4).max(32) }).strict();
export const smsOptOutResult = z.object({
  phone: z.string(),
  contacts: count,
  stoppedEnrollments: count,
});

/** Campaign progress (viewers) and the SMS opt-out of a number (admins), on the legacy database. */
export function campaignRoutes(legacy: LegacyAccess, body: RequestHandler[]): Router {
  const router = Router();
  router.get('/campaigns/:id', allow('status'), async (req, res) => {
    const { db, mapping } = await legacy();
    res.json(await campaignProgress(db, mapping, String(req.params.id)));
  });
  router.post('/sms/opt-out', allow('manage'), ...body, async (req, res) => {
    const { phone } = parseInput(smsOptOutBody, req.body ?? {});
    const { db, mapping } = await legacy();
    res.json(await optOutKnownNumber(db, mapping, phone));
  });
  return router;
}
