import type { Queue } from 'bullmq';
import type { QueueInsight, RecentTimings, Throughput } from '../queue-insight';

/** Workers record one data point per minute for this long (BullMQ `metrics.maxDataPoints`). */
export const METRICS_MINUTES = 60;

export interface BullMqMetrics {
  meta: { count: number; prevTS: number; prevCount: number };
  /** Newest first; one point per minute, pushed when a job finishes in a later minute. */
  data: number[];
}

/**
 * BullMQ's list lags: points are pushed only when a job finishes, and jobs finished since the last
 * push sit in `count - prevCount`. This lines the series up with `now`, oldest first.
 */
export function perMinute(metrics: BullMqMetrics, minutes: number, now: number): number[] {
  const { count, prevTS, prevCount } = metrics.meta;
  if (!prevTS) return new Array(minutes).fill(0);
  const idle = Math.max(0, Math.floor(now / 60_000) - Math.floor(prevTS / 60_000));
  const newestFirst = [...new Array(idle).fill(0), Math.max(0, count - prevCount), ...metrics.data];
  const window = newestFirst.slice(0, minutes);
  while (window.length < minutes) window.push(0);
  return window.reverse();
}

/** What the insight reads from a BullMQ transport. */
export interface MetricsSource {
  queue(name: string): Queue;
  /** Whether its workers record BullMQ's per-minute metrics. */
  readonly recordsMetrics: boolean;
  /** BullMQ's metrics of a queue, with up to `points` per-minute points. */
  metrics(queue: string, kind: 'completed' | 'failed', points: number): Promise<BullMqMetrics>;
}

export class BullMqQueueInsight implements QueueInsight {
  constructor(private readonly source: MetricsSource) {}

  get recordsThroughput(): boolean {
    return this.source.recordsMetrics;
  }

  workerCount(queue: string): Promise<number> {
    return this.source.queue(queue).getWorkersCount();
  }

  async throughput(queue: string, minutes: number, now = Date.now()): Promise<Throughput> {
    const [completed, failed] = await Promise.all([
      this.source.metrics(queue, 'completed', METRICS_MINUTES),
      this.source.metrics(queue, 'failed', METRICS_MINUTES),
    ]);
    return { completed: perMinute(completed, minutes, now), failed: perMinute(failed, minutes, now) };
  }

  async oldestWaiting(queue: string, sample: number): Promise<number | undefined> {
    const q = this.source.queue(queue);
    const [fifo, prioritized] = await Promise.all([
      q.getJobs(['wait'], 0, 0, true),
      q.getJobs(['prioritized'], 0, sample - 1),
    ]);
    const times = [...fifo, ...prioritized].map((job) => job.timestamp).filter((t) => t > 0);
    return times.length ? Math.min(...times) : undefined;
  }

  async recentTimings(queue: string, sample: number): Promise<RecentTimings> {
    const jobs = await this.source.queue(queue).getJobs(['completed'], 0, sample - 1);
    const timings: RecentTimings = { waitMs: [], handlingMs: [] };
    for (const job of jobs) {
      if (!job.processedOn) continue;
      timings.waitMs.push(Math.max(0, job.processedOn - job.timestamp));
      if (job.finishedOn) timings.handlingMs.push(Math.max(0, job.finishedOn - job.processedOn));
    }
    return timings;
  }
}
