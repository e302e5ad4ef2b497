import { Router, type RequestHandler } from 'express';
import type { Symphony } from '../../bus/symphony';
import { QueueControlService } from '../../control/queue-control.service';
import { allow } from '../auth';
import { HttpError } from '../errors';
import { parseInput } from '../parse';
import { queuePatch } from '../schemas';

/** Runtime control: workers obey within seconds, no restart. */
export function queuesRoutes(symphony: Symphony, body: RequestHandler[]): Router {
  const router = Router();
  const control = new QueueControlService(symphony);
  const known = (name: string): string => {
    if (!symphony.queues.names().includes(name)) {
      throw new HttpError(
        404,
        'QUEUE_NOT_FOUND',
        `No queue "${name}"; known queues: ${symphony.queues.names().join(', ')}`,
      );
    }
    return name;
  };

  router.post('/queues/:name/pause', allow('manage'), async (req, res) => {
    res.json({ queue: String(req.params.name), ...(await control.pause(known(String(req.params.name)))) });
  });
  router.post('/queues/:name/resume', allow('manage'), async (req, res) => {
    res.json({ queue: String(req.params.name), ...(await control.resume(known(String(req.params.name)))) });
  });
  router.patch('/queues/:name', allow('manage'), ...body, async (req, res) => {
    const name = known(String(req.params.name));
    const settings = parseInput(queuePatch, req.body ?? {});
    res.json({ queue: name, ...(await control.set(name, settings)) });
  });
  return router;
}
