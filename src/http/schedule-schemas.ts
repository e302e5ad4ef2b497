import { z } from 'zod';
import { bounded } from '../bus/limits';
import { MAX_PRIORITY } from '../bus/priority';
import { bodyFields, withOneBody } from './message-body';

const time = z.union([z.iso.datetime({ offset: true }), bounded.epochMs()]);

/** PUT /schedules/:id: a runtime schedule, in the words of dispatch (`type`, `body`). */
export const schedulePut = withOneBody(
  z
    .object({
      type: z.string().min(1).max(200).describe('The message type to send'),
      ...bodyFields,
      cron: z.string().min(1).max(200).optional().describe('5 or 6 fields, or an alias such as @daily'),
      every: bounded.everyMs().optional().describe('Interval in ms'),
      at: bounded
        .notBefore()
        .optional()
        .describe('One-off time (ISO date-time with offset, or epoch ms), at most 366 days ahead'),
      tz: z.string().min(1).max(100).optional().describe('IANA zone for cron (default UTC)'),
      startDate: bounded.notBefore().optional(),
      endDate: time.optional(),
      limit: bounded.count().optional().describe('Total runs, then the schedule stops'),
      queue: z.string().min(1).max(200).optional(),
      priority: z
        .union([z.enum(['critical', 'high', 'normal', 'low']), z.number().int().min(1).max(MAX_PRIORITY)])
        .optional(),
      catchUp: z.enum(['none', 'last']).optional(),
    })
    .strict(),
)
  .refine((s) => [s.cron, s.every, s.at].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of cron, every or at',
  })
  .meta({ id: 'SchedulePut' });
