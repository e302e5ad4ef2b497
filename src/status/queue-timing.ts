import type { Symphony } from '../bus/symphony';
import { insightOf } from '../transport/queue-insight';

export interface Percentiles {
  p50: number;
  p95: number;
}

/** How long messages wait and run on one queue; every figure is in ms. */
export interface QueueTiming {
  /** Age of the oldest message waiting to run; null when none waits or the transport cannot tell. */
  oldestWaitingMs: number | null;
  /** Over the `sampled` latest completed messages; null when there are none. */
  wait: Percentiles | null;
  handling: Percentiles | null;
  sampled: number;
}

/** Completed messages read per queue: enough for a stable p95, one round trip each. */
const SAMPLE = 200;
/** Prioritized messages looked at for the oldest one (they are ordered by priority, not age). */
const PRIORITIZED_SAMPLE = 500;

const NONE: QueueTiming = { oldestWaitingMs: null, wait: null, handling: null, sampled: 0 };

/** Read from the store (not this process's histograms), so it covers every worker. */
export async function queueTiming(symphony: Symphony, queue: string, now = Date.now()): Promise<QueueTiming> {
  const insight = insightOf(symphony.queues.transport(queue));
  if (!insight) return NONE;
  const [oldest, recent] = await Promise.all([
    insight.oldestWaiting(queue, PRIORITIZED_SAMPLE),
    insight.recentTimings(queue, SAMPLE),
  ]);
  return {
    oldestWaitingMs: oldest === undefined ? null : Math.max(0, now - oldest),
    wait: percentiles(recent.waitMs),
    handling: percentiles(recent.handlingMs),
    sampled: recent.waitMs.length,
  };
}

/** Nearest-rank percentiles; null for no values. */
export function percentiles(values: readonly number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return { p50: rank(0.5), p95: rank(0.95) };
}
