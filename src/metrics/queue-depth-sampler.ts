import type { Logger } from '../logger';
import type { QueueCounts } from '../transport/transport';
import type { SymphonyMetrics } from './registry';

/**
 * Samples per-queue counts on an interval instead of on every scrape, so several Prometheus
 * servers (or a fast scrape interval) never multiply the load on Redis/Postgres.
 */
export class QueueDepthSampler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly stats: () => Promise<Record<string, QueueCounts>>,
    private readonly metrics: SymphonyMetrics,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.timer) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** One sample now; a sample already under way is reused rather than stacked. */
  sample(): Promise<void> {
    this.running ??= this.collect().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async collect(): Promise<void> {
    try {
      const stats = await this.stats();
      for (const [queue, counts] of Object.entries(stats)) {
        for (const [state, value] of Object.entries(counts)) {
          this.metrics.queueDepth.set({ queue, state }, value);
        }
      }
    } catch (error) {
      // Keep the last values: a gap in the series is worse than a stale point during a blip.
      this.logger.warn({ error: (error as Error).message }, 'queue depth sample failed');
    }
  }
}
