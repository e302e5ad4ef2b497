import { Router, type RequestHandler } from 'express';
import type { Symphony } from '../../bus/symphony';
import { FailedMessageNotFoundError } from '../../failed/failed-errors';
import { FailedMessages } from '../../failed/failed-messages';
import type { FailedMessage } from '../../transport/capabilities';
import { allow } from '../auth';
import { failedBulkBody, failedBulkQuery, failedIdQuery, failedListQuery } from '../failed-schemas';
import { parseInput } from '../parse';

/** The failed-message store (DLQ): list, show, retry and remove, one or by filter. */
export function failedRoutes(symphony: Symphony, body: RequestHandler[]): Router {
  const router = Router();
  const failed = new FailedMessages(symphony);

  router.get('/failed', allow('read'), async (req, res) => {
    const { offset, limit, ...filters } = parseInput(failedListQuery, req.query, 'query');
    const page = await failed.list(filters, { offset, limit });
    res.json({
      items: page.items.map((m) => summary(m)),
      total: page.total,
      hasMore: page.hasMore,
      offset,
      limit,
    });
  });

  router.get('/failed/:id', allow('read'), async (req, res) => {
    const { queue } = parseInput(failedIdQuery, req.query, 'query');
    const message = await failed.show(String(req.params.id), queue);
    if (!message) throw new FailedMessageNotFoundError(String(req.params.id), queue);
    // The handler's stack is what an operator needs to debug it; it is stored data, not ours.
    res.json({ ...summary(message), error: message.error });
  });

  router.post('/failed/retry', allow('manage'), ...body, async (req, res) => {
    const { all: _all, ...filters } = parseInput(failedBulkBody, req.body ?? {});
    res.json(await failed.retryAll(filters));
  });

  router.post('/failed/:id/retry', allow('manage'), async (req, res) => {
    const { queue } = parseInput(failedIdQuery, req.query, 'query');
    const [outcome] = await failed.retry([String(req.params.id)], queue);
    if (!outcome?.ok) throw new FailedMessageNotFoundError(String(req.params.id), queue);
    res.json({ id: outcome.id, queue: outcome.queue, retried: true });
  });

  router.delete('/failed/:id', allow('manage'), async (req, res) => {
    const { queue } = parseInput(failedIdQuery, req.query, 'query');
    const [outcome] = await failed.remove([String(req.params.id)], queue);
    if (!outcome?.ok) throw new FailedMessageNotFoundError(String(req.params.id), queue);
    res.json({ id: outcome.id, queue: outcome.queue, removed: true });
  });

  router.delete('/failed', allow('manage'), async (req, res) => {
    const { all: _all, ...filters } = parseInput(failedBulkQuery, req.query, 'query');
    res.json(await failed.removeAll(filters));
  });

  return router;
}

function summary(message: FailedMessage): Record<string, unknown> {
  return {
    id: message.id,
    queue: message.queue,
    type: message.type,
    failedAt: message.failedAt,
    attemptsMade: message.attemptsMade,
    error: { message: message.error.message },
    envelope: message.envelope,
  };
}
