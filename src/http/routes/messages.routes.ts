import { Router } from 'express';
import type { Symphony } from '../../bus/symphony';
import { MessageSearch } from '../../messages/message-search';
import { allow } from '../auth';
import { messageIdQuery, messageSearchQuery } from '../message-schemas';
import { parseInput } from '../parse';

/** Search across queues and states, one message's detail, and the actions its state allows. */
export function messagesRoutes(symphony: Symphony): Router {
  const router = Router();
  const messages = new MessageSearch(symphony);
  const idOf = (params: Record<string, unknown>): string => String(params.id);
  const queueOf = (query: unknown): string | undefined => parseInput(messageIdQuery, query, 'query').queue;

  router.get('/messages', allow('read'), async (req, res) => {
    const { queue, state, ...filters } = parseInput(messageSearchQuery, req.query, 'query');
    res.json(await messages.search({ ...filters, queues: queue, states: state }));
  });

  router.get('/messages/:id', allow('read'), async (req, res) => {
    res.json(await messages.show(idOf(req.params), queueOf(req.query)));
  });

  router.post('/messages/:id/retry', allow('manage'), async (req, res) => {
    res.json(await messages.retry(idOf(req.params), queueOf(req.query)));
  });

  router.post('/messages/:id/promote', allow('manage'), async (req, res) => {
    res.json(await messages.promote(idOf(req.params), queueOf(req.query)));
  });

  router.delete('/messages/:id', allow('manage'), async (req, res) => {
    res.json(await messages.remove(idOf(req.params), queueOf(req.query)));
  });

  return router;
}
