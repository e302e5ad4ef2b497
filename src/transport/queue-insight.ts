import { BullMqQueueInsight } from './bullmq/bullmq-queue-insight';
import { BullMqTransport } from './bullmq/bullmq-transport';
import type { Transport } from './transport';

/**
 * What operators see about a queue beyond its counts: who works on it and how fast. A capability
 * like those in capabilities.ts, looked up with `insightOf(transport)` so transports need no change.
 */
export interface Throughput {
  /** One number per minute, oldest first, the last entry being the current minute. */
  completed: number[];
  failed: number[];
}

/** Times (ms) of recently completed messages, newest first. */
export interface RecentTimings {
  /** Dispatch (or retry) to handler start; includes any delay and back-off. */
  waitMs: number[];
  /** Handler start to completion. */
  handlingMs: number[];
}

export interface QueueInsight {
  /**
   * Whether workers record the per-minute history that `throughput` reads: always on Redis and the
   * embedded store, on PostgreSQL only with `metrics=on` in the DSN. Without it, every minute would read 0.
   */
  readonly recordsThroughput: boolean;
  /** Workers connected to the queue now. */
  workerCount(queue: string): Promise<number>;
  /** Completed and failed per minute over the last `minutes` minutes (recorded by workers). */
  throughput(queue: string, minutes: number): Promise<Throughput>;
  /**
   * Epoch ms at which the oldest message still waiting was dispatched: exact for the FIFO list,
   * sampled (the first `sample` entries) for prioritized messages; undefined when none waits.
   */
  oldestWaiting(queue: string, sample: number): Promise<number | undefined>;
  /** Wait and handling times of the last `sample` completed messages (as long as they are retained). */
  recentTimings(queue: string, sample: number): Promise<RecentTimings>;
}

const cache = new WeakMap<Transport, QueueInsight>();

/** The insight capability of a transport, when it has one (BullMQ, on Redis or Postgres). */
export function insightOf(transport: Transport): QueueInsight | undefined {
  if (!(transport instanceof BullMqTransport)) return undefined;
  let insight = cache.get(transport);
  if (!insight) {
    insight = new BullMqQueueInsight(transport);
    cache.set(transport, insight);
  }
  return insight;
}
