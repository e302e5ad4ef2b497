import type { Symphony } from '../bus/symphony';
import { ValidationError } from '../errors';
import type { Consumer } from '../transport/transport';

export interface ConsumePassOptions {
  /** In this order; default: every configured queue. */
  queues?: readonly string[];
  /** Messages to handle at most, over all queues. */
  limit: number;
  /** No message is started after this; one already running finishes. */
  timeLimitMs: number;
}

export interface ConsumePassResult {
  /** Deliveries handled, successful or not. */
  processed: number;
  /** Deliveries whose handler threw (retried or moved to the failed store by the retry policy). */
  failed: number;
  /** Messages ready to run (waiting or prioritized) on those queues after the pass. */
  remaining: number;
}

const IDLE_POLL_MS = 50;

/**
 * Handles what is ready, queue by queue, one message at a time, then stops: for platforms that
 * trigger work over HTTP (cron) instead of running a worker. One at a time keeps `limit` exact:
 * the consumer is closed as the last allowed message starts, so it fetches no other.
 */
export async function runConsumePass(
  symphony: Symphony,
  options: ConsumePassOptions,
): Promise<ConsumePassResult> {
  const queues = options.queues ?? symphony.queues.names();
  const known = new Set(symphony.queues.names());
  const unknown = queues.flatMap((q, i) =>
    known.has(q) ? [] : [{ path: `queues.${i}`, message: `"${q}" is not a configured queue` }],
  );
  if (unknown.length) throw new ValidationError('Unknown queue', unknown);

  const deadline = Date.now() + options.timeLimitMs;
  const total = { processed: 0, failed: 0 };
  for (const queue of queues) {
    const budget = options.limit - total.processed;
    if (budget <= 0 || Date.now() >= deadline) break;
    const result = await drain(symphony, queue, budget, deadline);
    total.processed += result.processed;
    total.failed += result.failed;
  }
  const stats = await symphony.stats(queues);
  const remaining = Object.values(stats).reduce((sum, c) => sum + c.waiting + c.prioritized, 0);
  return { ...total, remaining };
}

async function drain(
  symphony: Symphony,
  queue: string,
  budget: number,
  deadline: number,
): Promise<{ processed: number; failed: number }> {
  let started = 0;
  let processed = 0;
  let failed = 0;
  let closing: Promise<void> | undefined;
  const consumer: Consumer = symphony.consume(queue, {
    concurrency: 1,
    processor: async (envelope, delivery) => {
      started++;
      // Closing now (not after this message) is what stops BullMQ from fetching the next one.
      if (started >= budget) closing ??= consumer.close(false);
      try {
        await symphony.processor(envelope, delivery);
      } catch (error) {
        failed++;
        throw error;
      } finally {
        processed++;
      }
    },
  });
  try {
    await consumer.ready();
    while (!closing && Date.now() < deadline) {
      if (processed === started) {
        const counts = await symphony.queues.transport(queue).counts(queue);
        if (counts.waiting + counts.prioritized === 0) break;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(IDLE_POLL_MS, deadline - Date.now())));
    }
  } finally {
    // Graceful: a message fetched before the stop is handled and counted, never abandoned.
    await (closing ??= consumer.close(false));
  }
  return { processed, failed };
}
