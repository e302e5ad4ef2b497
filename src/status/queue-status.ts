import type { Symphony } from '../bus/symphony';
import type { RateLimit } from '../transport/capabilities';
import { insightOf, type Throughput } from '../transport/queue-insight';
import type { QueueCounts } from '../transport/transport';

export interface QueueStatus {
  transport: string;
  counts: QueueCounts;
  /** null when the transport cannot pause (sync). */
  paused: boolean | null;
  /** Cap over all workers set at runtime; null = none. */
  concurrency: number | null;
  /** Concurrency each worker starts with: the queue's, raised to its largest batch handler's size. */
  workerConcurrency: number;
  rateLimit: RateLimit | null;
  /** Workers connected now; null when the transport cannot tell. */
  workers: number | null;
  /**
   * Per minute over the last hour, oldest first; null when the transport does not record it (sync,
   * memory, PostgreSQL without `metrics=on`), rather than 60 zeros that would read as an idle queue.
   */
  perMinute: Throughput | null;
}

const HOUR_IN_MINUTES = 60;

/** What an operator needs to see per queue, read from the transports' capabilities. */
export async function queueStatus(
  symphony: Symphony,
  queues: readonly string[] = symphony.queues.names(),
): Promise<Record<string, QueueStatus>> {
  const entries = await Promise.all(queues.map(async (q) => [q, await oneQueue(symphony, q)] as const));
  return Object.fromEntries(entries);
}

async function oneQueue(symphony: Symphony, queue: string): Promise<QueueStatus> {
  const transport = symphony.queues.transport(queue);
  const insight = insightOf(transport);
  const [counts, runtime, workers, perMinute] = await Promise.all([
    transport.counts(queue),
    transport.control?.runtime(queue),
    insight?.workerCount(queue),
    insight?.recordsThroughput ? insight.throughput(queue, HOUR_IN_MINUTES) : undefined,
  ]);
  return {
    transport: transport.kind,
    counts,
    paused: runtime?.paused ?? null,
    concurrency: runtime?.concurrency ?? null,
    workerConcurrency: symphony.concurrencyFor(queue),
    rateLimit: runtime?.rateLimit ?? null,
    workers: workers ?? null,
    perMinute: perMinute ?? null,
  };
}
