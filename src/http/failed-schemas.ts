import { z } from 'zod';
import { bounded, LIMITS } from '../bus/limits';

/** An ISO date-time with offset, or epoch milliseconds (a number, or digits in a query string). */
const time = z
  .union([z.iso.datetime({ offset: true }), bounded.epochMs(), z.string().regex(/^\d{1,13}$/)])
  .transform((v) => new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v));

const filterFields = {
  queue: z.string().min(1).optional(),
  type: z.string().min(1).optional().describe('An exact type or "prefix.*"'),
  since: time.optional().describe('Failed at or after (ISO date-time or epoch ms)'),
  until: time.optional().describe('Failed at or before (ISO date-time or epoch ms)'),
  grep: z.string().min(1).max(200).optional().describe('Case-insensitive text in the error or the body'),
};

export const failedListQuery = z
  .object({
    ...filterFields,
    offset: z.coerce.number().int().min(0).max(LIMITS.maxCount).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict()
  .meta({ id: 'FailedListQuery' });

/** Bulk operations: at least one filter, or `all: true`, so an empty request never empties the store. */
const bulk = <T extends z.ZodType>(all: T) =>
  z
    .object({ ...filterFields, all: all.optional() })
    .strict()
    .refine(
      (f) => f.all === true || Object.keys(filterFields).some((k) => f[k as keyof typeof f] !== undefined),
      {
        message: 'give at least one filter (queue, type, since, until, grep) or all=true',
      },
    );

export const failedBulkBody = bulk(z.literal(true)).meta({ id: 'FailedBulkFilter' });
export const failedBulkQuery = bulk(z.literal('true').transform(() => true as const));

export const failedIdQuery = z.object({ queue: z.string().min(1).optional() }).strict();
