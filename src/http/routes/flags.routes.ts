import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { FlagService } from '../../flags/flag-service';
import { allow } from '../auth';
import { parseInput } from '../parse';

export const flagPut = z.object({ mode: z.string().min(1) }).strict();

/** Migration flags: viewers read them, admins switch a job (the service checks job and mode). */
export function flagsRoutes(flags: () => FlagService, body: RequestHandler[]): Router {
  const router = Router();
  router.get('/flags', allow('read'), async (_req, res) => {
    res.json({ flags: await flags().list() });
  });
  router.put('/flags/:job', allow('manage'), ...body, async (req, res) => {
    const { mode } = parseInput(flagPut, req.body ?? {});
    res.json(await flags().set(String(req.params.job), mode));
  });
  return router;
}
