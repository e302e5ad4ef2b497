import type { RateLimit } from '../capabilities';
import type { ConsumeOptions, Consumer, Processor } from '../transport';
import type { MemoryStore } from './memory-store';
import { runRecord } from './memory-runner';

/** The current fixed window of a queue's rate limit: when it began and how many started in it. */
export interface RateWindow {
  start: number;
  started: number;
}

/**
 * A live in-process consumer: takes available messages up to its concurrency, sleeps until the
 * next delayed one is due or a send wakes it. Pause, concurrency and rate limit come from runtime
 * control, else the queue's options; the rate limit is a fixed window, like BullMQ's.
 */
export class MemoryConsumer implements Consumer {
  private active = 0;
  private closed = false;
  private paused = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: MemoryStore,
    private readonly queue: string,
    private readonly processor: Processor,
    private readonly options: ConsumeOptions,
    private readonly runtime: () => {
      paused: boolean;
      concurrency: number | null;
      rateLimit: RateLimit | null;
    },
    /** Shared by the queue's consumers, so the limit holds over all of them. */
    private readonly window: RateWindow = { start: 0, started: 0 },
  ) {}

  async ready(): Promise<void> {
    this.pump();
  }

  /** Starts as many messages as concurrency allows; called on every store change. */
  pump(): void {
    if (this.closed || this.paused) return;
    const { paused, concurrency, rateLimit } = this.runtime();
    if (paused) return;
    const cap = Math.min(this.options.concurrency, concurrency ?? Infinity);
    const limit = rateLimit ?? this.options.rateLimit;
    let now = this.store.now();
    while (this.active < cap) {
      now = this.store.now();
      const record = this.store.nextAvailable((q) => q === this.queue, now);
      if (!record) break;
      if (limit && this.rateLimited(limit)) return;
      this.active++;
      const run = runRecord(this.store, record, this.processor, this.options).finally(() => {
        this.active--;
        this.inFlight.delete(run);
        queueMicrotask(() => this.pump());
      });
      this.inFlight.add(run);
    }
    this.armTimer(now);
  }

  /** Counts one start in the current window; when the window is full, wakes up as it ends. */
  private rateLimited(limit: RateLimit): boolean {
    const now = this.store.now();
    if (now >= this.window.start + limit.durationMs) Object.assign(this.window, { start: now, started: 0 });
    if (this.window.started < limit.max) {
      this.window.started++;
      return false;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), this.window.start + limit.durationMs - now);
    this.timer.unref();
    return true;
  }

  /** Wakes up when the next message not available at `now` (the last look for one) falls due. */
  private armTimer(now: number): void {
    clearTimeout(this.timer);
    const due = this.store.nextDue(this.queue, now);
    if (due === undefined) return;
    this.timer = setTimeout(() => this.pump(), Math.max(1, due - this.store.now()));
    this.timer.unref();
  }

  async pause(): Promise<void> {
    this.paused = true;
  }

  async resume(): Promise<void> {
    this.paused = false;
    this.pump();
  }

  async close(force = false): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    if (!force) await Promise.allSettled([...this.inFlight]);
  }
}
