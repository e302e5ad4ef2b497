import { z } from 'zod';
import { MAX_LIMIT } from '../messages/message-search';
import { MESSAGE_STATES } from '../transport/message-browser';

/** An ISO date-time with offset, or epoch milliseconds (digits in a query string). */
const time = z
  .union([z.iso.datetime({ offset: true }), z.string().regex(/^\d+$/)])
  .transform((v) => new Date(/^\d+$/.test(v) ? Number(v) : v));

/** `a,b` in a query string (or the parameter repeated) -> a list without blanks. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => String(s).split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    z.array(item).min(1),
  );

export const messageSearchQuery = z
  .object({
    id: z.string().min(1).max(512).optional().describe('Exact message id: a direct read in each queue'),
    type: z.string().min(1).max(200).optional().describe('An exact type or "prefix.*"'),
    queue: list(z.string().min(1)).optional().describe('Queues, comma-separated (default: all)'),
    state: list(z.enum(MESSAGE_STATES))
      .optional()
      .describe(`States, comma-separated: ${MESSAGE_STATES.join(', ')} (default: all)`),
    since: time.optional().describe('Dispatched at or after (ISO date-time or epoch ms)'),
    until: time.optional().describe('Dispatched at or before (ISO date-time or epoch ms)'),
    idempotencyKey: z.string().min(1).max(512).optional(),
    correlationId: z.string().min(1).max(512).optional(),
    text: z.string().min(1).max(200).optional().describe('Case-insensitive text in the body'),
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(50),
    cursor: z.string().min(1).max(2000).optional().describe('From the previous page, to continue'),
  })
  .strict()
  .meta({ id: 'MessageSearchQuery' });

export const messageIdQuery = z
  .object({ queue: z.string().min(1).optional().describe('Look only in this queue') })
  .strict();

const summaryFields = {
  id: z.string(),
  queue: z.string(),
  type: z.string(),
  state: z.enum(MESSAGE_STATES),
  dispatchedAt: z.string(),
  correlationId: z.string(),
  idempotencyKey: z.string().optional(),
  priority: z.union([z.string(), z.number()]),
  attemptsMade: z.number().int(),
  dueAt: z.string().optional().describe('Delayed: when it becomes available'),
  processedAt: z.string().optional().describe('Start of the latest attempt'),
  finishedAt: z.string().optional(),
  error: z.string().optional().describe('The latest error message'),
};

export const messagePage = z
  .object({
    items: z.array(z.object(summaryFields).meta({ id: 'MessageSummary' })),
    cursor: z
      .string()
      .optional()
      .describe('Present while the walk is not complete: pass it back to continue'),
    scanned: z.number().int().describe('Stored entries examined for this page'),
    complete: z.boolean().describe('Every candidate was examined'),
  })
  .meta({ id: 'MessagePage' });

export const messageDetail = z
  .object({
    ...summaryFields,
    envelope: z.record(z.string(), z.unknown()),
    maxAttempts: z.number().int(),
    attempts: z.array(
      z.object({
        attempt: z.number().int(),
        outcome: z.enum(['failed', 'completed', 'running']),
        startedAt: z.string().optional(),
        endedAt: z.string().optional(),
        error: z.object({ message: z.string(), stack: z.string().optional() }).optional(),
      }),
    ),
    timeline: z.array(
      z.object({
        at: z.string(),
        event: z.enum(['dispatched', 'started', 'attempt-failed', 'due', 'completed', 'failed']),
        attempt: z.number().int().optional(),
        note: z.string().optional(),
      }),
    ),
    actions: z.array(
      z.object({
        action: z.enum(['retry', 'remove', 'promote']),
        command: z.string().describe('The same from a terminal'),
      }),
    ),
  })
  .meta({ id: 'MessageDetail' });

export const messageActionResult = z
  .object({ id: z.string(), queue: z.string(), action: z.enum(['retry', 'remove', 'promote']) })
  .meta({ id: 'MessageActionResult' });
