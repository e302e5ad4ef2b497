import { Router, type RequestHandler } from 'express';
import type { SymphonyMetrics } from '../../metrics/registry';
import { allow } from '../auth';

/** GET /metrics in the Prometheus text format (scrape with a viewer token). */
export function metricsRoutes(metrics: SymphonyMetrics, authenticate: RequestHandler): Router {
  const router = Router();
  router.get('/metrics', authenticate, allow('metrics'), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
