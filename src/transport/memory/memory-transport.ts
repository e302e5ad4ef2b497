import type { Envelope } from '../../message/envelope';
import type { MessageBrowser } from '../message-browser';
import type {
  FailedStore,
  PrioritizedMessage,
  PriorityAging,
  QueueControl,
  QueueRuntime,
  RateLimit,
} from '../capabilities';
import {
  EMPTY_COUNTS,
  type ConsumeOptions,
  type Consumer,
  type Processor,
  type QueueCounts,
  type SendOptions,
  type SendResult,
  type Transport,
} from '../transport';
import { MemoryConsumer, type RateWindow } from './memory-consumer';
import { MemoryDedupStats } from './memory-dedup-stats';
import { MemoryFailedStore } from './memory-failed-store';
import { MemoryMessageBrowser } from './memory-message-browser';
import { runRecord } from './memory-runner';
import { MemoryStore, type MemoryRecord } from './memory-store';

export type { MemoryRecord };

/**
 * `memory://`: queues in process, for tests of app code and the contract suite. Consumers run
 * live like BullMQ workers; without one, `flush()` handles everything available, deterministically.
 */
export class MemoryTransport implements Transport {
  readonly kind = 'memory';
  readonly store: MemoryStore;
  private readonly consumers = new Map<string, Set<MemoryConsumer>>();
  private readonly processors = new Map<string, { processor: Processor; options: ConsumeOptions }>();
  private readonly runtimes = new Map<string, QueueRuntime>();
  private readonly rateWindows = new Map<string, RateWindow>();
  readonly control: QueueControl;
  readonly failed: FailedStore;
  readonly messages: MessageBrowser;
  readonly dedupStats = new MemoryDedupStats();
  readonly aging: PriorityAging = {
    reprioritize: async (
      queue: string,
      floor: number,
      decide: (m: PrioritizedMessage) => number | undefined,
    ) => {
      let changed = 0;
      for (const r of this.store.list(queue)) {
        const priority = r.options.priority;
        if (r.state !== 'waiting' || priority === undefined || priority <= floor) continue;
        const next = decide({
          id: r.envelope.id,
          priority,
          dispatchedPriority: r.envelope.priority,
          enqueuedAt: r.enqueuedAt,
        });
        if (next !== undefined && next < priority) {
          r.options = { ...r.options, priority: next };
          changed++;
        }
      }
      return changed;
    },
  };

  constructor(now: () => number = Date.now) {
    this.store = new MemoryStore(now);
    this.store.onChange = () => this.consumers.forEach((set) => set.forEach((c) => c.pump()));
    this.control = memoryControl(this.runtimes, () => this.store.onChange());
    this.failed = new MemoryFailedStore(this.store);
    this.messages = new MemoryMessageBrowser(this.store);
  }

  async send(envelope: Envelope, options: SendOptions): Promise<SendResult> {
    return this.store.add(envelope, options);
  }

  async sendBatch(items: { envelope: Envelope; options: SendOptions }[]): Promise<SendResult[]> {
    return items.map((item) => this.store.add(item.envelope, item.options));
  }

  consume(queue: string, processor: Processor, options: ConsumeOptions): Consumer {
    this.processors.set(queue, { processor, options });
    let window = this.rateWindows.get(queue);
    if (!window) this.rateWindows.set(queue, (window = { start: 0, started: 0 }));
    const consumer = new MemoryConsumer(
      this.store,
      queue,
      processor,
      options,
      () => this.runtime(queue),
      window,
    );
    const set = this.consumers.get(queue) ?? new Set();
    set.add(consumer);
    this.consumers.set(queue, set);
    queueMicrotask(() => consumer.pump()); // like a BullMQ worker, it starts on its own
    return {
      ready: () => consumer.ready(),
      pause: () => consumer.pause(),
      resume: () => consumer.resume(),
      close: async (force) => {
        set.delete(consumer);
        await consumer.close(force);
      },
    };
  }

  /** Every message ever sent to a queue (or to all queues), in send order. */
  sent(queue?: string): Envelope[] {
    return this.store.list(queue).map((r) => r.envelope);
  }

  list(queue?: string): readonly MemoryRecord[] {
    return this.store.list(queue);
  }

  /**
   * Handles available messages one at a time (priority, then send order) until none is left, with
   * the given processor or the one last registered for their queue; returns how many ran.
   */
  async flush(queue?: string, using?: { processor: Processor; options: ConsumeOptions }): Promise<number> {
    let ran = 0;
    const handler = (q: string) => using ?? this.processors.get(q);
    const accept = (q: string) =>
      (!queue || q === queue) && handler(q) !== undefined && !this.runtime(q).paused;
    for (let next = this.store.nextAvailable(accept); next; next = this.store.nextAvailable(accept)) {
      const { processor, options } = handler(next.envelope.queue)!;
      await runRecord(this.store, next, processor, options);
      ran++;
    }
    return ran;
  }

  async counts(queue: string): Promise<QueueCounts> {
    const counts = { ...EMPTY_COUNTS };
    const now = this.store.now();
    for (const r of this.store.list(queue)) {
      if (r.state === 'waiting') {
        if (r.availableAt > now) counts.delayed++;
        else if (r.options.priority !== undefined) counts.prioritized++;
        else counts.waiting++;
      } else counts[r.state]++;
    }
    return counts;
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers.values()].flatMap((set) => [...set].map((c) => c.close(true))));
    this.consumers.clear();
    this.processors.clear();
  }

  private runtime(queue: string): QueueRuntime {
    return this.runtimes.get(queue) ?? { paused: false, concurrency: null, rateLimit: null };
  }
}

function memoryControl(runtimes: Map<string, QueueRuntime>, changed: () => void): QueueControl {
  const update = async (queue: string, patch: Partial<QueueRuntime>) => {
    const current = runtimes.get(queue) ?? { paused: false, concurrency: null, rateLimit: null };
    runtimes.set(queue, { ...current, ...patch });
    changed();
  };
  return {
    pause: (queue) => update(queue, { paused: true }),
    resume: (queue) => update(queue, { paused: false }),
    runtime: async (queue) => runtimes.get(queue) ?? { paused: false, concurrency: null, rateLimit: null },
    setConcurrency: (queue, concurrency) => update(queue, { concurrency }),
    // Applied by the queue's consumers in this process, which share one window.
    setRateLimit: (queue, rateLimit: RateLimit | null) => update(queue, { rateLimit }),
  };
}
