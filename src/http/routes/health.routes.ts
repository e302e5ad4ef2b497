import { Router } from 'express';
import type { Symphony } from '../../bus/symphony';
import type { Logger } from '../../logger';
import { checkReadiness } from '../../status/readiness';
import { errorBody, HttpError } from '../errors';

/** Public probes for load balancers and orchestrators; they reveal no names of hosts or DSNs. */
export function healthRoutes(symphony: Symphony, logger: Logger): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const { ready, checks } = await checkReadiness(symphony, logger);
    if (ready) {
      res.json({ status: 'ready', checks });
      return;
    }
    const details = checks
      .filter((c) => !c.ok)
      .map((c) => ({ path: `${c.transport}:${c.queues.join(',')}`, message: c.reason ?? 'not ready' }));
    res.status(503).json(errorBody(new HttpError(503, 'NOT_READY', 'A transport is not ready', details)));
  });
  return router;
}
