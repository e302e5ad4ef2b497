import type { ConsumeOptions, Consumer, Processor } from '../transport';
import type { MemoryStore } from './memory-store';
import { runRecord } from './memory-runner';

/**
 * A live in-process consumer: takes available messages up to its concurrency, sleeps until the
 * next delayed one is due or a send wakes it. `isPaused` and `limit` come from runtime control.
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
    private readonly runtime: () => { paused: boolean; concurrency: number | null },
  ) {}

  async ready(): Promise<void> {
    this.pump();
  }

  /** Starts as many messages as concurrency allows; called on every store change. */
  pump(): void {
    if (this.closed || this.paused) return;
    const { paused, concurrency } = this.runtime();
    if (paused) return;
    const cap = Math.min(this.options.concurrency, concurrency ?? Infinity);
    while (this.active < cap) {
      const record = this.store.nextAvailable((q) => q === this.queue);
      if (!record) break;
      this.active++;
      const run = runRecord(this.store, record, this.processor, this.options).finally(() => {
        this.active--;
        this.inFlight.delete(run);
        queueMicrotask(() => this.pump());
      });
      this.inFlight.add(run);
    }
    this.armTimer();
  }

  private armTimer(): void {
    clearTimeout(this.timer);
    const due = this.store.nextDue(this.queue);
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
