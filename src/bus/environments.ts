import { z } from 'zod';
import type { AlertRuleInput } from '../alerts/alert-rules';
import type { AlertsDefinition } from '../alerts/alerts-definition';
import type { Notifier } from '../alerts/notifier';
import { ConfigError, type FieldIssue } from '../errors';
import type { RetryOptions } from '../retry/retry-strategy';
import type { ScheduleDeclaration } from '../scheduler/schedule-declaration';
import type { AppDefinition, QueueOptions } from './app-definition';

export const environmentNames = ['development', 'production', 'test'] as const;
export type EnvironmentName = (typeof environmentNames)[number];

/** What may differ per NODE_ENV; each part is merged over the base definition. */
export interface EnvironmentOverrides {
  /** By queue: merged over its options (`retry` field by field). */
  queues?: Readonly<Record<string, Partial<QueueOptions>>>;
  /** By message type: merged over the type's own retry options. */
  retry?: Readonly<Record<string, Partial<RetryOptions>>>;
  alerts?: {
    /** By rule id: fields merged over the rule, or `false` to leave the rule out here. */
    rules?: Readonly<Record<string, Partial<AlertRuleInput> | false>>;
    /** Replaces the notifiers. */
    notify?: readonly Notifier[];
    cooldownMs?: number;
  };
  /** By schedule id: fields merged over the declaration (cron, every, tz, body, …), or `false` to leave it out. */
  schedules?: Readonly<Record<string, Partial<ScheduleDeclaration> | false>>;
}

const positiveInt = z.number().int().positive();
const retry = z.strictObject({
  maxRetries: z.number().int().min(0).optional(),
  delay: z.number().min(0).optional(),
  multiplier: z.number().min(1).optional(),
  maxDelay: z.number().min(0).optional(),
  jitter: z.number().min(0).max(1).optional(),
});
const queueOverride = z.strictObject({
  dsn: z.string().min(1).optional(),
  concurrency: positiveInt.optional(),
  retry: retry.optional(),
  priorities: z.boolean().optional(),
  priorityQueues: z.record(z.string(), z.string().min(1)).optional(),
  aging: z.looseObject({}).optional(),
  rateLimit: z.strictObject({ max: positiveInt, durationMs: positiveInt }).optional(),
});
const overridesSchema = z.strictObject({
  queues: z.record(z.string(), queueOverride).optional(),
  retry: z.record(z.string(), retry).optional(),
  alerts: z
    .strictObject({
      rules: z.record(z.string(), z.union([z.literal(false), z.looseObject({})])).optional(),
      notify: z
        .array(z.custom((n) => typeof (n as Notifier)?.notify === 'function', 'expected a notifier'))
        .optional(),
      cooldownMs: z.number().int().min(0).optional(),
    })
    .optional(),
  schedules: z.record(z.string(), z.union([z.literal(false), z.looseObject({})])).optional(),
});

/**
 * The app as it runs in `environment`: its `environments[environment]` merged over the base. Every
 * environment is checked (not only the one running), so a typo in `production` fails in tests too.
 */
export function applyEnvironment(app: AppDefinition, environment: string): AppDefinition {
  const all = app.environments;
  if (all === undefined) return app;
  const fields = checkEnvironments(app, all);
  if (fields.length > 0)
    throw new ConfigError(
      `Invalid environments: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
      {
        fields,
      },
    );
  const overrides = all[environment as EnvironmentName];
  return overrides ? merge(app, overrides) : app;
}

function checkEnvironments(app: AppDefinition, all: object): FieldIssue[] {
  const fields: FieldIssue[] = [];
  const add = (path: string, message: string) => fields.push({ path: `environments.${path}`, message });
  const queues = new Set([...Object.keys(app.queues ?? {}), ...Object.values(app.routing)]);
  const types = new Set(app.messages.map((m) => m.type));
  const rules = new Set((app.alerts?.rules ?? []).map((r) => r.id));
  const schedules = new Set((app.schedules ?? []).map((s) => s.id));
  for (const [name, overrides] of Object.entries(all)) {
    if (!(environmentNames as readonly string[]).includes(name)) {
      add(name, `not an environment; NODE_ENV is one of ${environmentNames.join(', ')}`);
      continue;
    }
    const parsed = overridesSchema.safeParse(overrides);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        add([name, ...issue.path.map(String)].join('.'), issue.message);
      continue;
    }
    const o = parsed.data;
    const known = (part: string, keys: object | undefined, names: Set<string>, what: string) => {
      for (const key of Object.keys(keys ?? {}))
        if (!names.has(key))
          add(`${name}.${part}.${key}`, `not ${what}; known: ${[...names].join(', ') || 'none'}`);
    };
    known('queues', o.queues, queues, 'a queue');
    known('retry', o.retry, types, 'a message type');
    known('alerts.rules', o.alerts?.rules, rules, 'an alert rule id');
    known('schedules', o.schedules, schedules, 'a declared schedule id');
  }
  return fields;
}

function merge(app: AppDefinition, o: EnvironmentOverrides): AppDefinition {
  const queues: Record<string, QueueOptions> = { ...app.queues };
  for (const [queue, over] of Object.entries(o.queues ?? {}))
    queues[queue] = { ...queues[queue], ...over, retry: { ...queues[queue]?.retry, ...over.retry } };
  const messages = app.messages.map((m) =>
    o.retry?.[m.type]
      ? Object.freeze({ ...m, options: { ...m.options, retry: { ...m.options.retry, ...o.retry[m.type] } } })
      : m,
  );
  const schedules = mergeById(app.schedules ?? [], o.schedules);
  return {
    ...app,
    messages,
    queues,
    ...(app.schedules ? { schedules } : {}),
    ...(app.alerts ? { alerts: mergeAlerts(app.alerts, o.alerts) } : {}),
  };
}

function mergeAlerts(base: AlertsDefinition, o: EnvironmentOverrides['alerts']): AlertsDefinition {
  if (!o) return base;
  return {
    ...base,
    rules: mergeById(base.rules, o.rules),
    ...(o.notify ? { notify: o.notify } : {}),
    ...(o.cooldownMs !== undefined ? { cooldownMs: o.cooldownMs } : {}),
  };
}

/** Each item with its override merged over it (`false` leaves it out); the id never changes. */
function mergeById<T extends { id: string }>(
  items: readonly T[],
  overrides: Readonly<Record<string, Partial<T> | false>> | undefined,
): T[] {
  return items.flatMap((item) => {
    const over = overrides?.[item.id];
    if (over === false) return [];
    return [over ? { ...item, ...over, id: item.id } : item];
  });
}
