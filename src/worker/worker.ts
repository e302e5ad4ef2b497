import { agingInterval, runAgingPass } from '../bus/aging';
import type { Symphony } from '../bus/symphony';
import type { Logger } from '../logger';
import type { Consumer } from '../transport/transport';
import { checkWorkerLimits } from './worker-limits-check';

export interface WorkerLimits {
  queues: readonly string[];
  /** Per-queue override of the queue's configured concurrency. */
  concurrency?: number;
  /** Stop after this many messages (in-flight ones still finish). */
  limit?: number;
  timeLimitSeconds?: number;
  memoryLimitMb?: number;
  /** Budget for in-flight handlers after a stop is requested; then the worker lets go. */
  shutdownTimeoutSeconds: number;
  /**
   * `ordered` (Symfony's `messenger:consume high low`): a queue is consumed only while every queue
   * before it has nothing waiting. `side-by-side` (default): every queue runs at once.
   */
  queueOrder?: 'ordered' | 'side-by-side';
}

export type StopReason = 'signal' | 'limit' | 'time-limit' | 'memory-limit' | 'requested';

export interface WorkerResult {
  reason: StopReason;
  processed: number;
  /** True when handlers were still running at the end of the shutdown budget. */
  forced: boolean;
}

/**
 * Supervises consumers for a set of queues: Symfony-style limits and a graceful shutdown with a
 * budget (BullMQ's own close waits forever for active jobs).
 */
export class Worker {
  private consumers: Consumer[] = [];
  private processed = 0;
  private taken = 0;
  private stopping: Promise<WorkerResult> | undefined;
  private timers: NodeJS.Timeout[] = [];
  private started = false;
  private resolveDone!: (result: WorkerResult) => void;
  /** Resolves when the worker has stopped, whatever the reason. */
  readonly done = new Promise<WorkerResult>((resolve) => (this.resolveDone = resolve));

  constructor(
    private readonly symphony: Symphony,
    private readonly limits: WorkerLimits,
    private readonly logger: Logger = symphony.logger,
  ) {
    checkWorkerLimits(limits);
  }

  /** True once a stop was asked for (signal, limit, …), also during start-up. */
  get stopRequested(): boolean {
    return this.stopping !== undefined;
  }

  /**
   * Runs `prepare` (e.g. the schedule sync), then start(), and resolves once the worker has
   * stopped. A stop during start-up ends the run at once: start-up may be waiting for a store
   * that does not answer, and nothing has been taken yet.
   */
  async run(prepare: () => Promise<void> = async () => undefined): Promise<WorkerResult> {
    this.logger.info({ queues: this.limits.queues }, 'worker starting');
    const starting = prepare().then(() => this.start());
    starting.catch(() => undefined); // cut short by the stop closing its connections: nothing to report
    await Promise.race([starting, this.done]).catch((error: unknown) => {
      if (!this.stopping) throw error; // a start-up failure, not one caused by the stop
    });
    return this.done;
  }

  /** True from the moment every consumer fetches until a stop is asked for (readiness). */
  get consuming(): boolean {
    return this.started && this.stopping === undefined;
  }

  /** Does nothing when a stop was already requested (e.g. a signal during start-up). */
  async start(): Promise<void> {
    if (this.stopping) return;
    const { queues, concurrency, limit, timeLimitSeconds, memoryLimitMb } = this.limits;
    const processor = this.symphony.processor;
    this.consumers = queues.map((queue) => {
      const wanted = concurrency ?? this.symphony.concurrencyFor(queue);
      return this.symphony.consume(queue, {
        // with --limit, never take more at once than may still be handled
        concurrency: limit ? Math.min(wanted, limit) : wanted,
        processor: async (envelope, delivery) => {
          // counted when taken, so the stop begins before the worker can fetch one more
          if (limit && ++this.taken >= limit) void this.stop('limit');
          try {
            await processor(envelope, delivery);
          } finally {
            this.processed++;
          }
        },
      });
    });
    const ordered = this.limits.queueOrder === 'ordered' && queues.length > 1;
    // later queues start paused, so they cannot take work before the first order check
    if (ordered) await Promise.all(this.consumers.slice(1).map((c) => c.pause()));
    await Promise.all(this.consumers.map((c) => c.ready()));
    if (this.stopping) return;
    if (timeLimitSeconds)
      this.timers.push(setTimeout(() => void this.stop('time-limit'), timeLimitSeconds * 1000));
    if (memoryLimitMb) {
      this.timers.push(
        setInterval(() => {
          if (process.memoryUsage().rss > memoryLimitMb * 1024 * 1024) void this.stop('memory-limit');
        }, 1000),
      );
    }
    for (const queue of queues) this.startAging(queue);
    if (ordered) this.startOrdering(queues);
    this.startRetentionSweep(queues);
    this.timers.forEach((t) => t.unref());
    this.started = true;
    this.logger.info({ queues, concurrency }, 'worker started');
  }

  /** Runs the queue's aging pass periodically while the worker lives (idempotent across workers). */
  private startAging(queue: string): void {
    const rule = this.symphony.queues.options(queue).aging;
    const aging = this.symphony.queues.transport(queue).aging;
    if (!rule || !aging) return;
    // One pass at a time: on a slow store passes that overlap would pile up and starve the handlers.
    let running = false;
    const pass = () => {
      if (running) return;
      running = true;
      void runAgingPass(aging, queue, rule)
        .then(
          (promoted) => promoted > 0 && this.logger.info({ queue, promoted }, 'aged messages promoted'),
          (error: Error) => this.logger.warn({ queue, error: error.message }, 'aging pass failed'),
        )
        .finally(() => (running = false));
    };
    this.timers.push(setInterval(pass, agingInterval(rule)));
  }

  /**
   * Pauses this worker's consumer of each queue while an earlier queue has messages waiting, and
   * resumes it when they are gone; checked every ORDER_CHECK_MS, so the order holds within moments.
   */
  private startOrdering(queues: readonly string[]): void {
    const paused = queues.map((_, i) => i > 0);
    let checking = false;
    const check = async () => {
      const counts = await Promise.all(
        queues.slice(0, -1).map((q) => this.symphony.queues.transport(q).counts(q)),
      );
      let backlogBefore = false;
      for (let i = 1; i < queues.length; i++) {
        const c = counts[i - 1]!;
        backlogBefore ||= c.waiting + c.prioritized > 0;
        if (backlogBefore !== paused[i] && !this.stopping) {
          paused[i] = backlogBefore;
          await (backlogBefore ? this.consumers[i]!.pause() : this.consumers[i]!.resume());
        }
      }
    };
    const run = () => {
      if (checking) return;
      checking = true;
      void check()
        .catch((error: Error) => this.logger.warn({ error: error.message }, 'queue order check failed'))
        .finally(() => (checking = false));
    };
    run();
    this.timers.push(setInterval(run, ORDER_CHECK_MS));
  }

  /** Enforces the failed-message retention now and hourly, also on queues where nothing fails any more. */
  private startRetentionSweep(queues: readonly string[]): void {
    const olderThanMs = this.symphony.config.retention.failedAgeSeconds * 1000;
    const sweep = async () => {
      for (const queue of queues) {
        const purged = await this.symphony.queues.transport(queue).failed?.purgeFailed(queue, olderThanMs);
        if (purged) this.logger.info({ queue, purged }, 'failed messages past retention removed');
      }
    };
    const run = () =>
      void sweep().catch((error: Error) =>
        this.logger.warn({ error: error.message }, 'retention sweep failed'),
      );
    run();
    this.timers.push(setInterval(run, RETENTION_SWEEP_MS));
  }

  stop(reason: StopReason = 'requested'): Promise<WorkerResult> {
    this.stopping ??= this.shutdown(reason);
    return this.stopping;
  }

  private async shutdown(reason: StopReason): Promise<WorkerResult> {
    this.timers.forEach((t) => clearTimeout(t));
    const budgetMs = this.limits.shutdownTimeoutSeconds * 1000;
    this.logger.info(
      { reason, processed: this.processed, shutdownTimeoutSeconds: this.limits.shutdownTimeoutSeconds },
      'worker stopping',
    );
    let budget: NodeJS.Timeout | undefined;
    const graceful = Promise.all(this.consumers.map((c) => c.close(false))).then(() => false);
    const expired = new Promise<boolean>((resolve) => (budget = setTimeout(() => resolve(true), budgetMs)));
    const forced = await Promise.race([graceful, expired]);
    clearTimeout(budget);
    if (forced) {
      this.logger.warn(
        { shutdownTimeoutSeconds: this.limits.shutdownTimeoutSeconds },
        'shutdown budget spent: letting go of unfinished messages, another worker will pick them up',
      );
      // cutting connections can itself stall when the store is gone: give it a moment, no more
      const cut = Promise.all(this.consumers.map((c) => c.close(true))).catch(() => undefined);
      await Promise.race([cut, delay(FORCE_CLOSE_MS)]);
    }
    const result = { reason, processed: this.processed, forced };
    this.logger.info(result, 'worker stopped');
    this.resolveDone(result);
    return result;
  }
}

const FORCE_CLOSE_MS = 2000;
const RETENTION_SWEEP_MS = 3_600_000;
const ORDER_CHECK_MS = 250;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
