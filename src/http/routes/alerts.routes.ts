import { Router } from 'express';
import { z } from 'zod';
import type { AlertService } from '../../alerts/alert-service';
import { allow } from '../auth';

/** GET /alerts as documented (the OpenAPI document is built from it). */
export const alertsReport = z.object({
  evaluator: z.string().nullable().describe('The process evaluating the rules now (host:pid:id), or null'),
  notifiers: z.array(z.string()),
  cooldownMs: z.number().int(),
  rules: z.array(
    z.object({
      id: z.string(),
      kind: z.enum([
        'failure-rate',
        'failed-growth',
        'oldest-waiting',
        'queue-depth',
        'no-worker',
        'schedule-missed',
      ]),
      severity: z.enum(['critical', 'warning', 'info']),
      queue: z.string().nullable(),
      condition: z.string(),
      summary: z.string().nullable(),
      status: z.enum(['ok', 'firing', 'pending', 'unknown']),
      since: z.string().nullable(),
      lastFiredAt: z.string().nullable(),
      value: z.number().nullable(),
      detail: z.string(),
      evaluatedAt: z.string().nullable(),
    }),
  ),
});

/** The declared alert rules and their state (viewers and admins). */
export function alertsRoutes(alerts: () => AlertService): Router {
  const router = Router();
  router.get('/alerts', allow('read'), async (_req, res) => {
    res.json(await alerts().list());
  });
  return router;
}
