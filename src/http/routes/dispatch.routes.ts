import { Router, type RequestHandler } from 'express';
import type { Symphony } from '../../bus/symphony';
import type { DispatchResult } from '../../bus/middleware';
import { UnknownMessageTypeError, ValidationError, type FieldIssue } from '../../errors';
import { validateBody } from '../../message/validate-body';
import { allow } from '../auth';
import { HttpError } from '../errors';
import { bodyOf } from '../message-body';
import { parseInput, prefixIssues } from '../parse';
import { batchRequest, dispatchRequest, MAX_BATCH } from '../schemas';

/** POST /dispatch and /dispatch/batch: 202 once stored; nothing is stored unless every input is valid. */
export function dispatchRoutes(symphony: Symphony, body: RequestHandler[], limiter: RequestHandler): Router {
  const router = Router();
  const guard = [allow('dispatch'), limiter, ...body];

  router.post('/dispatch', ...guard, async (req, res) => {
    const input = parseInput(dispatchRequest, req.body);
    checkBodies(symphony, [input], (_, field) => field);
    const result = await symphony
      .dispatch(input.type, bodyOf(input).body, input.options)
      .catch(rethrowWithPaths((path) => (path === 'queue' ? 'options.queue' : path)));
    res.status(202).json(serialise(result));
  });

  router.post('/dispatch/batch', ...guard, async (req, res) => {
    const count = (req.body as { messages?: unknown })?.messages;
    if (Array.isArray(count) && count.length > MAX_BATCH) {
      throw new HttpError(
        400,
        'BATCH_TOO_LARGE',
        `A batch holds at most ${MAX_BATCH} messages, got ${count.length}: split it into several requests`,
        [{ path: 'messages', message: `at most ${MAX_BATCH} items` }],
      );
    }
    const { messages } = parseInput(batchRequest, req.body);
    checkBodies(symphony, messages, (i, field) => `messages.${i}.${field}`);
    const results = await symphony
      .dispatchBatch(messages.map((m) => ({ type: m.type, body: bodyOf(m).body, options: m.options })))
      .catch(rethrowWithPaths(batchPath));
    res.status(202).json({ results: results.map(serialise) });
  });

  return router;
}

/**
 * Type and body checks before anything is sent, so error paths name the request's fields
 * (`messages.3.body.to`) and a batch with one bad item stores nothing.
 */
function checkBodies(
  symphony: Symphony,
  items: readonly { type: string; body?: unknown; payload?: unknown }[],
  pathOf: (index: number, field: string) => string,
): void {
  const unknown = items.flatMap((m, i) =>
    symphony.catalog.has(m.type)
      ? []
      : [{ path: pathOf(i, 'type'), message: `unknown message type "${m.type}"` }],
  );
  if (unknown.length) {
    const message = new UnknownMessageTypeError(items.find((m) => !symphony.catalog.has(m.type))!.type)
      .message;
    throw new HttpError(400, 'UNKNOWN_TYPE', message, unknown);
  }
  const issues: FieldIssue[] = [];
  items.forEach((m, i) => {
    const { body, field } = bodyOf(m);
    try {
      validateBody(symphony.catalog.get(m.type), body);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...prefixIssues(error.issues, pathOf(i, field)));
    }
  });
  if (issues.length) throw new ValidationError('Invalid body', issues);
}

/** The bus names an unknown queue `queue` and batch items by index; the request names them differently. */
function rethrowWithPaths(map: (path: string) => string): (error: unknown) => never {
  return (error) => {
    if (error instanceof ValidationError) {
      throw new ValidationError(
        'Invalid dispatch',
        error.issues.map((i) => ({ ...i, path: map(i.path) })),
      );
    }
    throw error;
  };
}

function batchPath(path: string): string {
  const [index, ...rest] = path.split('.');
  const field = rest.join('.');
  return `messages.${index}.${field === 'queue' ? 'options.queue' : field}`;
}

function serialise(result: DispatchResult): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: result.id,
    queue: result.queue,
    deduplicated: result.deduplicated,
  };
  if (result.existingId) out.existingId = result.existingId;
  if (result.replacedId) out.replacedId = result.replacedId;
  return out;
}
