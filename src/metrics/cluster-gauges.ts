import type { Symphony } from '../bus/symphony';
import type { ClusterSnapshot, SnapshotNeeds } from '../monitoring/cluster-snapshot';
import type { SymphonyMetrics } from './registry';

/** Every reading the cluster gauges show, for every declared queue. */
export function gaugeNeeds(symphony: Symphony): SnapshotNeeds {
  const queues = new Set(symphony.queues.names());
  return {
    counts: queues,
    oldestWaiting: queues,
    workers: queues,
    finishedMinutes: new Map(),
    schedules: true,
  };
}

/**
 * Sets the cluster gauges from a snapshot. A reading that failed keeps its last value: a gap in
 * the series is worse than a stale point during a blip. Schedules are reset each time, so one that
 * was removed disappears.
 */
export function updateClusterGauges(metrics: SymphonyMetrics, snapshot: ClusterSnapshot): void {
  metrics.gaugesExporter.set(1);
  for (const [queue, sample] of Object.entries(snapshot.queues)) {
    for (const [state, value] of Object.entries(sample.counts ?? {}))
      metrics.queueDepth.set({ queue, state }, value);
    if (sample.oldestWaitingMs !== undefined)
      metrics.oldestWaitingSeconds.set({ queue }, (sample.oldestWaitingMs ?? 0) / 1000);
    if (sample.workers !== undefined) metrics.workers.set({ queue }, sample.workers);
  }
  if (snapshot.schedules) {
    metrics.scheduleLateSeconds.reset();
    for (const run of snapshot.schedules)
      metrics.scheduleLateSeconds.set(
        { schedule: run.schedule, queue: run.queue },
        Math.max(0, run.lateMs) / 1000,
      );
  }
}

/** Another process exports them now: this one shows none, so a sum over processes stays right. */
export function clearClusterGauges(metrics: SymphonyMetrics): void {
  for (const gauge of [
    metrics.queueDepth,
    metrics.oldestWaitingSeconds,
    metrics.workers,
    metrics.scheduleLateSeconds,
  ])
    gauge.reset();
  metrics.gaugesExporter.set(0);
}
