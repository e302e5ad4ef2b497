import type { Queue } from 'bullmq';
import type { QueueControl, QueueRuntime, RateLimit } from '../capabilities';

/**
 * Runtime control through BullMQ's queue-level settings, which every worker reads: pause/resume,
 * global concurrency and global rate limit apply to running workers without a restart.
 */
export class BullMqQueueControl implements QueueControl {
  constructor(private readonly queue: (name: string) => Queue) {}

  async pause(queue: string): Promise<void> {
    await this.queue(queue).pause();
  }

  async resume(queue: string): Promise<void> {
    await this.queue(queue).resume();
  }

  async runtime(queue: string): Promise<QueueRuntime> {
    const q = this.queue(queue);
    const [paused, concurrency, rateLimit] = await Promise.all([
      q.isPaused(),
      q.getGlobalConcurrency(),
      q.getGlobalRateLimit(),
    ]);
    return {
      paused,
      concurrency: concurrency ?? null,
      rateLimit: rateLimit ? { max: rateLimit.max, durationMs: rateLimit.duration } : null,
    };
  }

  async setConcurrency(queue: string, concurrency: number | null): Promise<void> {
    const q = this.queue(queue);
    if (concurrency === null) await q.removeGlobalConcurrency();
    else await q.setGlobalConcurrency(concurrency);
  }

  async setRateLimit(queue: string, limit: RateLimit | null): Promise<void> {
    const q = this.queue(queue);
    if (limit === null) await q.removeGlobalRateLimit();
    else await q.setGlobalRateLimit(limit.max, limit.durationMs);
  }
}
