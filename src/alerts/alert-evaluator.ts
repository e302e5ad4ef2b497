import type { Logger } from '../logger';
import type { AlertStateStore } from '../monitoring/cluster-store';
import type { ClusterSnapshot } from '../monitoring/cluster-snapshot';
import { queueOf, type AlertRule } from './alert-rules';
import { nextState, toAlertState, type AlertState, type Transition } from './alert-state';
import type { AlertSettings } from './alerts-definition';
import { evaluateRule } from './evaluate-rule';
import type { AlertNotification, Notifier } from './notifier';
import { describeRule } from './describe-rule';

/** Attempts per notifier and notification; the waits between them grow (1 s, 2 s, …). */
const ATTEMPTS = 3;
const RETRY_MS = 1000;

/**
 * Runs the rules on a snapshot and notifies the changes. Only the lease holder calls it, so each
 * change is notified once for the cluster; the states are stored after the notifications went out,
 * so a holder that dies in between leaves the change to its successor (a repeat, never a loss).
 */
export class AlertEvaluator {
  constructor(
    private readonly settings: AlertSettings,
    private readonly store: AlertStateStore,
    private readonly logger: Logger,
    private readonly environment: string,
    private readonly retryMs = RETRY_MS,
  ) {}

  get rules(): readonly AlertRule[] {
    return this.settings.rules;
  }

  async evaluate(snapshot: ClusterSnapshot): Promise<void> {
    const stored = await this.store.all();
    const changed: Record<string, AlertState> = {};
    const notifications: AlertNotification[] = [];
    for (const rule of this.settings.rules) {
      const previous = toAlertState(stored[rule.id]);
      const reading = evaluateRule(rule, snapshot, previous.memory);
      const { state, send } = nextState(previous, reading, snapshot.at, this.settings.cooldownMs);
      changed[rule.id] = state;
      if (send) notifications.push(this.notification(rule, previous, state, send));
    }
    await Promise.all(notifications.map((n) => this.send(n)));
    await this.store.put(changed);
  }

  private notification(
    rule: AlertRule,
    previous: AlertState,
    state: AlertState,
    send: Transition,
  ): AlertNotification {
    const startedAt = send === 'firing' ? state.since! : (previous.since ?? state.evaluatedAt);
    const startsAt = new Date(startedAt).toISOString();
    const queue = queueOf(rule);
    return {
      status: send,
      id: `${rule.id}@${startsAt}`,
      rule: rule.id,
      kind: rule.kind,
      severity: rule.severity,
      ...(queue !== undefined ? { queue } : {}),
      summary: rule.summary ?? describeRule(rule),
      detail: state.detail,
      value: state.value,
      startsAt,
      ...(send === 'resolved' ? { endsAt: new Date(state.since!).toISOString() } : {}),
      environment: this.environment,
    };
  }

  /** The log line always; then every notifier, each retried on its own. */
  private async send(n: AlertNotification): Promise<void> {
    const line = { alert: n.rule, status: n.status, severity: n.severity, queue: n.queue, detail: n.detail };
    if (n.status === 'firing') this.logger.warn(line, `alert firing: ${n.summary}`);
    else this.logger.info(line, `alert resolved: ${n.summary}`);
    await Promise.all(this.settings.notifiers.map((notifier) => this.deliver(notifier, n)));
  }

  private async deliver(notifier: Notifier, n: AlertNotification): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await notifier.notify(n);
        return;
      } catch (error) {
        const fields = {
          alert: n.rule,
          status: n.status,
          notifier: notifier.name,
          attempt,
          error: (error as Error).message,
        };
        if (attempt >= ATTEMPTS) {
          this.logger.error(fields, 'alert notification failed; it is in this log only');
          return;
        }
        this.logger.warn(fields, 'alert notification failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, this.retryMs * attempt));
      }
    }
  }
}
