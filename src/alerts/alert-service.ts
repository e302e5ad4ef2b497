import type { Symphony } from '../bus/symphony';
import type { ClusterStore } from '../monitoring/cluster-store';
import { ALERTS_LEASE } from '../monitoring/cluster-monitor';
import { openCluster } from '../monitoring/open-cluster';
import { queueOf, type AlertKind, type Severity } from './alert-rules';
import { toAlertState } from './alert-state';
import { checkAlerts, type AlertSettings } from './alerts-definition';
import { describeRule } from './describe-rule';

/**
 * `firing` from its firing notification to its resolved one; `pending` while a firing waits out
 * the cooldown; `unknown` while the store gives no reading for it; else `ok`.
 */
export type AlertStatus = 'ok' | 'firing' | 'pending' | 'unknown';

export interface AlertView {
  id: string;
  kind: AlertKind;
  severity: Severity;
  queue: string | null;
  /** The rule's condition in words. */
  condition: string;
  summary: string | null;
  status: AlertStatus;
  /** ISO time of the last change of status (firing or resolved sent); null while it never fired. */
  since: string | null;
  lastFiredAt: string | null;
  value: number | null;
  /** The figures of the latest evaluation. */
  detail: string;
  /** null while no evaluator has looked at it yet. */
  evaluatedAt: string | null;
}

export interface AlertsReport {
  /** The process evaluating the rules now (host:pid:…), or null when none holds the lease. */
  evaluator: string | null;
  notifiers: string[];
  cooldownMs: number;
  rules: AlertView[];
}

const iso = (ms: number | null): string | null => (ms ? new Date(ms).toISOString() : null);

/** The declared rules with the state the evaluator stored: what alerts:list, HTTP and the admin UI show. */
export class AlertService {
  private readonly settings: AlertSettings;
  private store: ClusterStore | undefined;

  constructor(
    private readonly symphony: Symphony,
    store?: ClusterStore,
  ) {
    this.settings = checkAlerts(symphony.app.alerts, symphony.queues.names());
    this.store = store;
  }

  async list(): Promise<AlertsReport> {
    const { rules, notifiers, cooldownMs } = this.settings;
    const base = { notifiers: notifiers.map((n) => n.name), cooldownMs };
    if (rules.length === 0) return { evaluator: null, ...base, rules: [] };
    const store = (this.store ??= openCluster(this.symphony));
    const [stored, evaluator] = await Promise.all([
      store.alertStates.all(),
      store.leases.holder(ALERTS_LEASE),
    ]);
    return {
      evaluator: evaluator ?? null,
      ...base,
      rules: rules.map((rule) => {
        const state = toAlertState(stored[rule.id]);
        const status: AlertStatus =
          state.status === 'firing'
            ? 'firing'
            : state.observed === 'ok'
              ? 'ok'
              : state.observed === 'firing'
                ? 'pending'
                : 'unknown';
        return {
          id: rule.id,
          kind: rule.kind,
          severity: rule.severity,
          queue: queueOf(rule) ?? null,
          condition: describeRule(rule),
          summary: rule.summary ?? null,
          status,
          since: iso(state.since),
          lastFiredAt: iso(state.lastFiredAt),
          value: state.value,
          detail: state.detail,
          evaluatedAt: iso(state.evaluatedAt),
        };
      }),
    };
  }

  /** Closes what the service opened (a Redis connection or a pool of its own). */
  async close(): Promise<void> {
    await this.store?.close();
    this.store = undefined;
  }
}
