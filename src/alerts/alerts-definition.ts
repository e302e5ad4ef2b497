import { ConfigError, type FieldIssue } from '../errors';
import { alertRuleSchema, queueOf, type AlertRule, type AlertRuleInput } from './alert-rules';
import type { Notifier } from './notifier';

/** `alerts` in the app definition (queues/alerts.ts): rules, where to send, how often at most. */
export interface AlertsDefinition {
  rules: readonly AlertRuleInput[];
  /** Besides the log, which always gets a line per notification. */
  notify?: readonly Notifier[];
  /** A rule sends at most one firing per cooldown (default 10 min); resolved is sent at once. */
  cooldownMs?: number;
}

export function defineAlerts(alerts: AlertsDefinition): AlertsDefinition {
  return alerts;
}

/** The checked form the evaluator runs. */
export interface AlertSettings {
  rules: AlertRule[];
  notifiers: Notifier[];
  cooldownMs: number;
}

export const DEFAULT_COOLDOWN_MS = 600_000;

/**
 * Every rule checked field by field, ids unique, queues known: a wrong rule stops the process at
 * start with the field to fix, rather than never firing.
 */
export function checkAlerts(alerts: AlertsDefinition | undefined, queues: readonly string[]): AlertSettings {
  if (!alerts) return { rules: [], notifiers: [], cooldownMs: DEFAULT_COOLDOWN_MS };
  const fields: FieldIssue[] = [];
  const rules: AlertRule[] = [];
  const seen = new Set<string>();
  (Array.isArray(alerts.rules) ? alerts.rules : []).forEach((input, index) => {
    const path = `alerts.rules.${index}`;
    const parsed = alertRuleSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        fields.push({ path: [path, ...issue.path.map(String)].join('.'), message: issue.message });
      return;
    }
    const rule = parsed.data;
    if (seen.has(rule.id)) fields.push({ path: `${path}.id`, message: `"${rule.id}" is used twice` });
    seen.add(rule.id);
    const queue = queueOf(rule);
    if (queue !== undefined && !queues.includes(queue))
      fields.push({
        path: `${path}.queue`,
        message: `"${queue}" is not a queue; known: ${queues.join(', ')}`,
      });
    rules.push(rule);
  });
  if (!Array.isArray(alerts.rules))
    fields.push({ path: 'alerts.rules', message: 'expected a list of rules' });
  const notifiers = [...(alerts.notify ?? [])];
  notifiers.forEach((n, i) => {
    if (typeof n?.notify !== 'function')
      fields.push({
        path: `alerts.notify.${i}`,
        message: 'expected a notifier (webhookNotifier, emailNotifier)',
      });
  });
  const cooldownMs = alerts.cooldownMs ?? DEFAULT_COOLDOWN_MS;
  if (!Number.isInteger(cooldownMs) || cooldownMs < 0)
    fields.push({ path: 'alerts.cooldownMs', message: 'expected a whole number of ms, 0 or more' });
  if (fields.length > 0)
    throw new ConfigError(`Invalid alerts: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, {
      fields,
    });
  return { rules, notifiers, cooldownMs };
}
