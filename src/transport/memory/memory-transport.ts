import { toError } from '../../errors';
import type { Envelope } from '../../message/envelope';
import { willRetry } from '../../retry/retry-decision';
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

export interface MemoryRecord {
  envelope: Envelope;
  options: SendOptions;
  seq: number;
  availableAt: number;
  attemptsMade: number;
  state: 'waiting' | 'active' | 'completed' | 'failed';
  error?: { message: string; stack?: string };
  finishedAt?: number;
}

/**
 * Records messages in process for unit tests of app code: nothing runs until `flush()`, which
 * handles every available message through the registered processors, retries included.
 */
export class MemoryTransport implements Transport {
  readonly kind = 'memory';
  private readonly records: MemoryRecord[] = [];
  private readonly processors = new Map<string, { processor: Processor; options: ConsumeOptions }>();
  private seq = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async send(envelope: Envelope, options: SendOptions): Promise<SendResult> {
    this.records.push({
      envelope,
      options,
      seq: this.seq++,
      availableAt: this.now() + (options.delayMs ?? 0),
      attemptsMade: 0,
      state: 'waiting',
    });
    return { id: envelope.id, deduplicated: false };
  }

  async sendBatch(items: { envelope: Envelope; options: SendOptions }[]): Promise<SendResult[]> {
    const results: SendResult[] = [];
    for (const item of items) results.push(await this.send(item.envelope, item.options));
    return results;
  }

  consume(queue: string, processor: Processor, options: ConsumeOptions): Consumer {
    this.processors.set(queue, { processor, options });
    return { ready: async () => undefined, close: async () => void this.processors.delete(queue) };
  }

  /** Every message ever sent to a queue (or to all queues), in send order. */
  sent(queue?: string): Envelope[] {
    return this.records.filter((r) => !queue || r.envelope.queue === queue).map((r) => r.envelope);
  }

  list(queue?: string): readonly MemoryRecord[] {
    return this.records.filter((r) => !queue || r.envelope.queue === queue);
  }

  /** Handles available messages (priority, then send order) until none is left; returns how many ran. */
  async flush(queue?: string): Promise<number> {
    let ran = 0;
    for (let next = this.nextAvailable(queue); next; next = this.nextAvailable(queue)) {
      await this.run(next);
      ran++;
    }
    return ran;
  }

  private nextAvailable(queue?: string): MemoryRecord | undefined {
    const now = this.now();
    let best: MemoryRecord | undefined;
    for (const r of this.records) {
      if (r.state !== 'waiting' || r.availableAt > now || (queue && r.envelope.queue !== queue)) continue;
      if (!this.processors.has(r.envelope.queue)) continue;
      if (!best || rank(r) < rank(best) || (rank(r) === rank(best) && r.seq < best.seq)) best = r;
    }
    return best;
  }

  private async run(record: MemoryRecord): Promise<void> {
    const { processor, options } = this.processors.get(record.envelope.queue)!;
    const delivery = { attempt: record.attemptsMade + 1, maxAttempts: record.options.attempts };
    record.state = 'active';
    try {
      await processor({ ...record.envelope, attempt: delivery.attempt }, delivery);
      record.state = 'completed';
      record.finishedAt = this.now();
    } catch (thrown) {
      const error = toError(thrown);
      record.attemptsMade++;
      record.error = { message: error.message, stack: error.stack };
      if (willRetry(error, delivery)) {
        record.state = 'waiting';
        record.availableAt = this.now() + options.retryFor(record.envelope.type).delayFor(delivery.attempt);
      } else {
        record.state = 'failed';
        record.finishedAt = this.now();
      }
    }
  }

  async counts(queue: string): Promise<QueueCounts> {
    const counts = { ...EMPTY_COUNTS };
    const now = this.now();
    for (const r of this.list(queue)) {
      if (r.state === 'waiting') {
        if (r.availableAt > now) counts.delayed++;
        else if (r.options.priority !== undefined) counts.prioritized++;
        else counts.waiting++;
      } else counts[r.state]++;
    }
    return counts;
  }

  async close(): Promise<void> {
    this.processors.clear();
  }
}

const rank = (r: MemoryRecord): number => r.options.priority ?? 0;
