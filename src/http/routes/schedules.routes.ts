import { Router, type RequestHandler } from 'express';
import { ValidationError } from '../../errors';
import type { ScheduleDeclaration } from '../../scheduler/schedule-declaration';
import { ScheduleConfigError } from '../../scheduler/schedule-error';
import type { Schedules } from '../../scheduler/schedules';
import { allow } from '../auth';
import { HttpError } from '../errors';
import { bodyOf } from '../message-body';
import { parseInput } from '../parse';
import { schedulePut } from '../schedule-schemas';

/** Schedules at runtime; code-declared ones are changed in code (and come back at the next sync). */
export function schedulesRoutes(schedules: Schedules, body: RequestHandler[]): Router {
  const router = Router();

  router.get('/schedules', allow('read'), async (_req, res) => {
    res.json({ schedules: await schedules.list() });
  });

  router.put('/schedules/:id', allow('manage'), ...body, async (req, res) => {
    const id = String(req.params.id);
    const { type, body: given, payload: deprecated, ...timing } = parseInput(schedulePut, req.body);
    const { body: messageBody, field } = bodyOf({ body: given, payload: deprecated });
    const existing = (await schedules.records()).find((r) => r.id === id);
    if (existing?.origin === 'code') {
      throw new HttpError(
        409,
        'SCHEDULE_IN_CODE',
        `Schedule "${id}" is declared in code: change its declaration (or pick another id for a runtime schedule)`,
      );
    }
    const declaration = { id, message: type, body: messageBody, ...timing } as ScheduleDeclaration;
    const invalid = asValidationError(field);
    // Validated before the old one goes, so a bad replacement leaves the schedule as it was.
    await schedules.prepare(declaration).catch(invalid);
    if (existing) await schedules.remove(id);
    const created = await schedules.add(declaration).catch(invalid);
    res.status(existing ? 200 : 201).json(created);
  });

  router.delete('/schedules/:id', allow('manage'), async (req, res) => {
    const removed = await schedules.remove(String(req.params.id));
    res.json({ id: removed.id, queue: removed.queue, removed: true });
  });

  router.post('/schedules/:id/run', allow('manage'), async (req, res) => {
    const result = await schedules.run(String(req.params.id));
    res.status(202).json({ id: result.id, queue: result.queue, deduplicated: result.deduplicated });
  });

  return router;
}

/** A schedule's field problems, in the API's error shape (`body.to`, `cron`, …): the request's names. */
const asValidationError =
  (bodyField: 'body' | 'payload') =>
  (error: unknown): never => {
    if (error instanceof ScheduleConfigError) {
      throw new ValidationError(
        'Invalid schedule',
        error.issues.map((i) => ({
          path: i.field.replace(/^body\b/, bodyField).replace(/^message$/, 'type'),
          message: i.problem,
        })),
      );
    }
    throw error;
  };
