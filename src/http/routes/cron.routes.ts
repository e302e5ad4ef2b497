import { Router, type RequestHandler } from 'express';
import type { Symphony } from '../../bus/symphony';
import { runConsumePass } from '../../worker/consume-pass';
import { allow } from '../auth';
import { consumeRequest } from '../schemas';

/**
 * The old platform cron routes, kept so existing cron configurations (vercel.json) keep working:
 * GET or POST, authorised by `Authorization: Bearer $CRON_SECRET` (or a token with the right role).
 */
/** `syncSchedules` answers the sync report (added, changed, removed, caught-up schedules). */
export function cronRoutes(symphony: Symphony, syncSchedules: () => Promise<unknown>): Router {
  const router = Router();
  const defaults = consumeRequest.parse({});

  const worker: RequestHandler = async (_req, res) => {
    res.json(await runConsumePass(symphony, defaults));
  };
  const scheduler: RequestHandler = async (_req, res) => {
    res.json(await syncSchedules());
  };

  for (const method of ['get', 'post'] as const) {
    router[method]('/symphony-worker', allow('consume'), worker);
    router[method]('/symphony-scheduler', allow('sync-schedules'), scheduler);
  }
  return router;
}
