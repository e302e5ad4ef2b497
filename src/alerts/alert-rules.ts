import { z } from 'zod';

const id = z
  .string()
  .regex(/^[A-Za-z0-9][\w.-]{0,99}$/, 'letters, digits, ".", "-" and "_", up to 100 characters');
const queue = z.string().min(1);
const ms = (min: number) =>
  z
    .number()
    .int()
    .min(min)
    .max(30 * 86_400_000);
const count = z.number().int().min(0);

const common = {
  id,
  severity: z.enum(['critical', 'warning', 'info']).default('warning'),
  /** One line for people: what is wrong and what to look at. */
  summary: z.string().max(500).optional(),
};

/** Each kind reads what the store already keeps; none costs anything per message. */
export const alertRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...common,
    kind: z.literal('failure-rate'),
    queue,
    /** Share of messages that failed for good, 0..1, over the window. */
    above: z.number().gt(0).lt(1),
    /** Counted in whole minutes (workers record per minute): the current one and those before. */
    windowMs: ms(60_000).default(300_000),
    /** Fewer finished messages than this in the window never fire (one failure of two is noise). */
    minMessages: z.number().int().min(1).default(10),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('failed-growth'),
    queue,
    /** More messages than this added to the failed store within the window (net of retries and removals). */
    above: count,
    windowMs: ms(1000).default(900_000),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('oldest-waiting'),
    queue,
    /** The oldest message ready to run has waited longer than this. */
    olderThanMs: ms(1),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('queue-depth'),
    queue,
    above: count,
    /** Which states count (default: ready to run). */
    states: z
      .array(z.enum(['waiting', 'prioritized', 'delayed', 'active', 'failed']))
      .min(1)
      .default(['waiting', 'prioritized']),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('no-worker'),
    queue,
    /** No worker connected to the queue for this long. */
    forMs: ms(1000),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('schedule-missed'),
    /** One schedule's id; default: every repeating schedule. */
    schedule: z.string().min(1).optional(),
    /** A due run that has not started this long after its time. */
    graceMs: ms(0).default(60_000),
  }),
]);

export type AlertRuleInput = z.input<typeof alertRuleSchema>;
export type AlertRule = z.output<typeof alertRuleSchema>;
export type AlertKind = AlertRule['kind'];
export type Severity = AlertRule['severity'];

/** Declares one rule; checked (field by field) when a process starts, with the other settings. */
export function defineAlert(rule: AlertRuleInput): AlertRuleInput {
  return rule;
}

/** The queue a rule watches, if it watches one. */
export const queueOf = (rule: AlertRule): string | undefined => ('queue' in rule ? rule.queue : undefined);
