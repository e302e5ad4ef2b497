import { z } from 'zod';
import { bounded, MAX_EPOCH_MS } from '../bus/limits';
import { MAX_PRIORITY } from '../bus/priority';
import type { ScheduleSpec } from './schedule-declaration';
import { ScheduleConfigError, type ScheduleIssue } from './schedule-error';
import { cronProblem, timeZoneProblem } from './time-rules';

export const SCHEDULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const dateInput = z.union([
  z.date().refine((d) => !Number.isNaN(d.getTime()), 'is an invalid Date'),
  z.number().int().min(0).max(MAX_EPOCH_MS, 'must be at most 4,102,444,800,000 (2100-01-01T00:00:00Z)'),
  z.iso.datetime({
    offset: true,
    error: 'must be an ISO time with an offset, e.g. 2026-01-31T09:00:00+01:00',
  }),
]);

const declarationSchema = z
  .object({
    id: z.string().regex(SCHEDULE_ID, 'use 1-100 letters, digits, ".", "_" or "-" (no ":")'),
    message: z.union([z.string().min(1), z.object({ type: z.string().min(1) }).transform((d) => d.type)]),
    body: z.unknown(),
    cron: z.string().optional(),
    every: bounded.everyMs().optional(),
    at: bounded.notBefore().optional(),
    tz: z.string().min(1).optional(),
    startDate: bounded.notBefore().optional(),
    endDate: dateInput.optional(),
    limit: bounded.count().optional(),
    queue: z.string().min(1).optional(),
    priority: z
      .union([z.enum(['critical', 'high', 'normal', 'low']), z.number().int().min(1).max(MAX_PRIORITY)])
      .optional(),
    catchUp: z.enum(['none', 'last']).optional(),
  })
  .strict();

/** The spec without its queue: that comes from routing, like a dispatch. */
export type ScheduleInput = Omit<ScheduleSpec, 'queue'> & { queueOverride?: string };

const millis = (value: Date | string | number | undefined): number | undefined =>
  value === undefined ? undefined : new Date(value).getTime();

/**
 * Checks a declaration's shape and timing (cron, zone, dates, limit) and returns it in stored
 * form. Every problem is reported, each with its field, in one ScheduleConfigError.
 */
export function normalizeSchedule(declaration: unknown): ScheduleInput {
  const raw = declaration as { id?: unknown } | undefined;
  const id = typeof raw?.id === 'string' && raw.id ? raw.id : '(no id)';
  const parsed = declarationSchema.safeParse(declaration);
  if (!parsed.success) {
    throw new ScheduleConfigError(
      id,
      parsed.error.issues.map((i) => ({
        field:
          i.path.map(String).join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(', ') : '(root)'),
        problem: i.code === 'unrecognized_keys' ? 'unknown field' : i.message,
      })),
    );
  }
  const d = parsed.data;
  const issues: ScheduleIssue[] = [];
  const kinds = (['cron', 'every', 'at'] as const).filter((k) => d[k] !== undefined);
  if (kinds.length !== 1) {
    issues.push({
      field: kinds.length ? kinds.join('/') : 'cron',
      problem: 'give exactly one of cron, every or at',
    });
  }
  const kind = kinds[0] ?? 'cron';
  if (d.cron !== undefined) {
    const problem = cronProblem(d.cron);
    if (problem) issues.push({ field: 'cron', problem });
  }
  if (d.tz !== undefined) {
    const problem =
      kind === 'cron' ? timeZoneProblem(d.tz) : 'applies to cron only (give `at` with an offset)';
    if (problem) issues.push({ field: 'tz', problem });
  }
  const startDate = millis(d.startDate);
  const endDate = millis(d.endDate);
  if (kind === 'at') {
    for (const field of ['startDate', 'endDate', 'limit'] as const) {
      if (d[field] !== undefined)
        issues.push({ field, problem: 'does not apply to a one-off `at` schedule' });
    }
  }
  if (startDate !== undefined && endDate !== undefined && endDate <= startDate) {
    issues.push({ field: 'endDate', problem: 'must be after startDate' });
  }
  if (issues.length) throw new ScheduleConfigError(d.id, issues);
  const spec: ScheduleInput = { id: d.id, type: d.message, body: d.body, kind, catchUp: d.catchUp ?? 'none' };
  if (kind === 'cron') Object.assign(spec, { cron: d.cron!.trim(), tz: d.tz ?? 'UTC' });
  if (kind === 'every') spec.every = d.every;
  if (kind === 'at') spec.at = millis(d.at);
  if (startDate !== undefined) spec.startDate = startDate;
  if (endDate !== undefined) spec.endDate = endDate;
  if (d.limit !== undefined) spec.limit = d.limit;
  if (d.priority !== undefined) spec.priority = d.priority;
  if (d.queue !== undefined) spec.queueOverride = d.queue;
  return spec;
}
