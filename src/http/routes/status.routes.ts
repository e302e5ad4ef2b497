import { Router } from 'express';
import type { Symphony } from '../../bus/symphony';
import { queueStatus } from '../../status/queue-status';
import { allow } from '../auth';

/** GET /status: per queue counts, runtime settings, workers and the last hour's throughput. */
export function statusRoutes(symphony: Symphony): Router {
  const router = Router();
  router.get('/status', allow('status'), async (_req, res) => {
    res.json({ queues: await queueStatus(symphony) });
  });
  return router;
}
