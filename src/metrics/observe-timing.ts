import type { TimingSample } from '../bus/middleware/timing.middleware';
import type { SymphonyMetrics } from './registry';

/** Feeds the handling-side counters and histograms from the bus's timing middleware. */
export function observeTiming(metrics: SymphonyMetrics): (sample: TimingSample) => void {
  return ({ envelope, waitMs, durationMs, outcome }) => {
    const labels = { type: envelope.type, queue: envelope.queue };
    metrics.handled.inc({ ...labels, outcome });
    if (outcome === 'retry') metrics.retried.inc(labels);
    if (outcome === 'failed') metrics.failed.inc(labels);
    // Clocks of producer and worker hosts may differ slightly; a negative wait is skew, not time.
    metrics.waitSeconds.observe(labels, Math.max(0, waitMs) / 1000);
    metrics.handlingSeconds.observe(labels, durationMs / 1000);
  };
}
