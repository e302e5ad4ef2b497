import { z } from 'zod';

const time = z.union([z.iso.datetime({ offset: true }), z.number().int().min(0)]);

/** PUT /schedules/:id: a runtime schedule, in the words of dispatch (`type`, `payload`). */
export const schedulePut = z
  .object({
    type: z.string().min(1).describe('The message type to send'),
    payload: z
      .unknown()
      .refine((v) => v !== undefined, 'required')
      .describe('The message body; validated against the schema of `type`'),
    cron: z.string().min(1).optional().describe('5 or 6 fields, or an alias such as @daily'),
    every: z.number().int().positive().optional().describe('Interval in ms'),
    at: time.optional().describe('One-off time (ISO date-time with offset, or epoch ms)'),
    tz: z.string().min(1).optional().describe('IANA zone for cron (default UTC)'),
    startDate: time.optional(),
    endDate: time.optional(),
    limit: z.number().int().positive().optional().describe('Total runs, then the schedule stops'),
    queue: z.string().min(1).optional(),
    priority: z.union([z.enum(['critical', 'high', 'normal', 'low']), z.number().int().min(1)]).optional(),
    catchUp: z.enum(['none', 'last']).optional(),
  })
  .strict()
  .refine((s) => [s.cron, s.every, s.at].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of cron, every or at',
  })
  .meta({ id: 'SchedulePut' });
