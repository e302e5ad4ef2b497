import { AlertEvaluator } from '../alerts/alert-evaluator';
import { checkAlerts } from '../alerts/alerts-definition';
import { snapshotNeeds } from '../alerts/rule-needs';
import type { Symphony } from '../bus/symphony';
import type { Logger } from '../logger';
import type { ClusterStore } from './cluster-store';
import { takeSnapshot, type ClusterSnapshot, type SnapshotNeeds } from './cluster-snapshot';
import { LeasedDuty } from './leased-duty';
import { openCluster } from './open-cluster';

/** The gauges side, given by processes that export metrics (prom-client stays out of this module). */
export interface GaugeExport {
  needs: SnapshotNeeds;
  update(snapshot: ClusterSnapshot): void;
  clear(): void;
}

export interface ClusterMonitorOptions {
  symphony: Symphony;
  logger: Logger;
  /** How often the holders sample and evaluate. */
  intervalMs: number;
  /** Export the cluster gauges when this process holds the `gauges` lease. */
  gauges?: GaugeExport;
  /** Take part in the alert evaluator's lease (default: when the app declares rules). */
  alerts?: boolean;
  /** Default: the store of the bus's default DSN. */
  store?: ClusterStore;
}

export interface ClusterMonitor {
  /** The duties this process takes part in, by lease name. */
  readonly duties: ReadonlyMap<string, LeasedDuty>;
  stop(): Promise<void>;
}

export const ALERTS_LEASE = 'alerts';
export const GAUGES_LEASE = 'gauges';

/**
 * The cluster's own duties, each done by one process at a time under a lease in the store: the
 * alert evaluator, and the export of the gauges that describe the cluster (so a queue's depth is
 * counted once, not once per process). Returns undefined when this process has no duty.
 */
export function startClusterMonitor(options: ClusterMonitorOptions): ClusterMonitor | undefined {
  const { symphony, logger, intervalMs, gauges } = options;
  const settings = checkAlerts(symphony.app.alerts, symphony.queues.names());
  const alerts = (options.alerts ?? true) && settings.rules.length > 0;
  if (!alerts && !gauges) return undefined;
  const store = options.store ?? openCluster(symphony);
  const duties = new Map<string, LeasedDuty>();
  const duty = (name: string, run: () => Promise<void>, onLost?: () => void) =>
    duties.set(name, new LeasedDuty({ name, leases: store.leases, intervalMs, logger, run, onLost }));
  if (alerts) {
    const evaluator = new AlertEvaluator(settings, store.alertStates, logger, symphony.config.environment);
    const needs = snapshotNeeds(settings.rules);
    duty(ALERTS_LEASE, async () => evaluator.evaluate(await takeSnapshot(symphony, needs)));
  }
  if (gauges)
    duty(GAUGES_LEASE, async () => gauges.update(await takeSnapshot(symphony, gauges.needs)), gauges.clear);
  duties.forEach((d) => d.start());
  let stopping: Promise<void> | undefined;
  return {
    duties,
    stop: () =>
      (stopping ??= Promise.all([...duties.values()].map((d) => d.stop())).then(() =>
        options.store ? undefined : store.close(),
      )),
  };
}
