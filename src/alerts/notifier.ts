import type { AlertKind, Severity } from './alert-rules';

/** One firing or resolved notification, the same for every notifier (and the JSON webhook body). */
export interface AlertNotification {
  status: 'firing' | 'resolved';
  /** `<rule>@<startsAt>`: the same on a firing and its resolved, so a receiver can pair them. */
  id: string;
  rule: string;
  kind: AlertKind;
  severity: Severity;
  queue?: string;
  /** The rule's summary, or one made from its condition. */
  summary: string;
  /** The figures behind it, e.g. "12 of 40 finished messages failed (30%) in the last 5 min". */
  detail: string;
  value: number | null;
  /** ISO time the firing was sent; `endsAt` when resolved. */
  startsAt: string;
  endsAt?: string;
  environment: string;
}

/** Where notifications go. `name` is printed by alerts:list and config:show: no secret in it. */
export interface Notifier {
  readonly name: string;
  notify(notification: AlertNotification): Promise<void>;
}

/** A subject or chat line: `[FIRING] emails-failing (critical): Queue emails fails often`. */
export function headline(n: AlertNotification): string {
  return `[${n.status.toUpperCase()}] ${n.rule} (${n.severity}): ${n.summary}`;
}

/** The body of a plain-text notification (e-mail). */
export function plainText(n: AlertNotification): string {
  return [
    headline(n),
    '',
    n.detail,
    '',
    `rule: ${n.rule} (${n.kind})${n.queue ? `, queue: ${n.queue}` : ''}`,
    `environment: ${n.environment}`,
    `firing since: ${n.startsAt}${n.endsAt ? `, resolved at: ${n.endsAt}` : ''}`,
  ].join('\n');
}
