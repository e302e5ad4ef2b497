import { Router, type RequestHandler } from 'express';
import type { Symphony } from '../../bus/symphony';
import { runConsumePass } from '../../worker/consume-pass';
import { allow } from '../auth';
import { parseInput } from '../parse';
import { consumeRequest } from '../schemas';

/** POST /consume: one bounded pass for platforms that trigger work over HTTP instead of running a worker. */
export function consumeRoutes(symphony: Symphony, body: RequestHandler[]): Router {
  const router = Router();
  router.post('/consume', allow('consume'), ...body, async (req, res) => {
    const input = parseInput(consumeRequest, req.body ?? {});
    res.json(await runConsumePass(symphony, input));
  });
  return router;
}
