import type { SnapshotNeeds } from '../monitoring/cluster-snapshot';
import type { AlertRule } from './alert-rules';

/** The readings a set of rules needs, and no more (a failure-rate rule reads throughput, not counts). */
export function snapshotNeeds(rules: readonly AlertRule[]): SnapshotNeeds {
  const counts = new Set<string>();
  const oldestWaiting = new Set<string>();
  const workers = new Set<string>();
  const finishedMinutes = new Map<string, number>();
  let schedules = false;
  for (const rule of rules) {
    if (rule.kind === 'failure-rate') {
      // the current (partial) minute and the whole minutes before it, back to the window's start
      const minutes = Math.ceil(rule.windowMs / 60_000) + 1;
      finishedMinutes.set(rule.queue, Math.max(minutes, finishedMinutes.get(rule.queue) ?? 0));
    } else if (rule.kind === 'failed-growth' || rule.kind === 'queue-depth') counts.add(rule.queue);
    else if (rule.kind === 'oldest-waiting') oldestWaiting.add(rule.queue);
    else if (rule.kind === 'no-worker') workers.add(rule.queue);
    else schedules = true;
  }
  return { counts, oldestWaiting, workers, finishedMinutes, schedules };
}
