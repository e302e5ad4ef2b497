import { z } from 'zod';
import { rateLimitSchema } from '../bus/app-limits';
import { dispatchOptionsSchema } from '../bus/dispatch-options';
import { bounded } from '../bus/limits';
import { bodyFields, withOneBody } from './message-body';

/** The cap on one batch request; larger ones get BATCH_TOO_LARGE, so clients split them. */
export const MAX_BATCH = 1000;
export const MAX_CONSUME_LIMIT = 10_000;
export const MAX_CONSUME_TIME_MS = 15 * 60_000;

export const dispatchRequest = withOneBody(
  z
    .object({
      type: z.string().min(1).max(200).describe('A message type, e.g. "email.send"'),
      ...bodyFields,
      options: dispatchOptionsSchema.optional(),
    })
    .strict(),
).meta({ id: 'DispatchRequest' });

export const batchRequest = z
  .object({ messages: z.array(dispatchRequest).min(1).max(MAX_BATCH) })
  .strict()
  .meta({ id: 'BatchRequest' });

export const dispatchResult = z
  .object({
    id: z.string(),
    queue: z.string(),
    deduplicated: z.boolean(),
    existingId: z.string().optional().describe('The message kept in place of this one, when deduplicated'),
    replacedId: z.string().optional().describe('The waiting message this one replaced, with debounce'),
  })
  .meta({ id: 'DispatchResult' });

export const batchResult = z.object({ results: z.array(dispatchResult) }).meta({ id: 'BatchResult' });

export const consumeRequest = z
  .object({
    queues: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(1000)
      .optional()
      .describe('Default: every configured queue, in order'),
    limit: z.number().int().min(1).max(MAX_CONSUME_LIMIT).default(100),
    timeLimitMs: z.number().int().min(1).max(MAX_CONSUME_TIME_MS).default(10_000),
  })
  .strict()
  .meta({ id: 'ConsumeRequest' });

export const consumeResult = z
  .object({ processed: z.number().int(), failed: z.number().int(), remaining: z.number().int() })
  .meta({ id: 'ConsumeResult' });

export const queuePatch = z
  .object({
    concurrency: bounded
      .concurrency()
      .nullable()
      .optional()
      .describe('Cap over all workers; null removes it'),
    rateLimit: rateLimitSchema
      .nullable()
      .optional()
      .describe('At most `max` messages per `durationMs` over all workers; null removes it'),
  })
  .strict()
  .refine((p) => p.concurrency !== undefined || p.rateLimit !== undefined, {
    message: 'give concurrency, rateLimit or both',
  })
  .meta({ id: 'QueuePatch' });

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });
