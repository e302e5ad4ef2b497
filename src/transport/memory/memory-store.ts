import type { Envelope } from '../../message/envelope';
import type { SendOptions, SendResult } from '../transport';

/** One delivery of a record: when it started and ended, and its error if it failed. */
export interface MemoryDelivery {
  startedAt: number;
  endedAt?: number;
  error?: { message: string; stack?: string };
}

export interface MemoryRecord {
  envelope: Envelope;
  options: SendOptions;
  seq: number;
  availableAt: number;
  enqueuedAt: number;
  attemptsMade: number;
  state: 'waiting' | 'active' | 'completed' | 'failed';
  error?: { message: string; stack?: string };
  finishedAt?: number;
  /** Every delivery so far, oldest first (for the message detail). */
  history?: MemoryDelivery[];
}

interface DedupEntry {
  record: MemoryRecord;
  /** Epoch ms when a `window` key expires; undefined = held until the message is done. */
  expiresAt?: number;
}

/**
 * The in-memory queues: records in send order, selection by priority then age, and BullMQ's
 * deduplication semantics (simple, ttl window, debounce = replace + extend) so memory:// behaves
 * like the durable transports in tests.
 */
export class MemoryStore {
  readonly records: MemoryRecord[] = [];
  private readonly dedup = new Map<string, DedupEntry>();
  private seq = 0;
  /** Called after every change that may make a message available. */
  onChange: () => void = () => undefined;

  constructor(readonly now: () => number = Date.now) {}

  add(envelope: Envelope, options: SendOptions): SendResult {
    const now = this.now();
    if (options.dedup) {
      const key = `${envelope.queue}\0${options.dedup.id}`;
      const held = this.dedup.get(key);
      const live = held && (held.expiresAt !== undefined ? held.expiresAt > now : !isDone(held.record));
      if (held && live) {
        const pending = held.record.state === 'waiting' && held.record.availableAt > now;
        if (!(options.dedup.replace && pending)) {
          if (options.dedup.extend && options.dedup.ttlMs) held.expiresAt = now + options.dedup.ttlMs;
          return { id: envelope.id, deduplicated: true, existingId: held.record.envelope.id };
        }
        // debounce: the pending message is dropped and this one takes its place with a fresh delay
        this.records.splice(this.records.indexOf(held.record), 1);
        return { ...this.insert(envelope, options, now), replacedId: held.record.envelope.id };
      }
    }
    return this.insert(envelope, options, now);
  }

  private insert(envelope: Envelope, options: SendOptions, now: number): SendResult {
    const record: MemoryRecord = {
      envelope,
      options,
      seq: this.seq++,
      availableAt: now + (options.delayMs ?? 0),
      enqueuedAt: now,
      attemptsMade: 0,
      state: 'waiting',
    };
    this.records.push(record);
    if (options.dedup) {
      const expiresAt = options.dedup.ttlMs ? now + options.dedup.ttlMs : undefined;
      this.dedup.set(`${envelope.queue}\0${options.dedup.id}`, { record, expiresAt });
    }
    this.onChange();
    return { id: envelope.id, deduplicated: false };
  }

  /** Drops a record and releases its idempotency key, as BullMQ does when a job is removed. */
  remove(record: MemoryRecord): void {
    const index = this.records.indexOf(record);
    if (index >= 0) this.records.splice(index, 1);
    for (const [key, entry] of this.dedup) if (entry.record === record) this.dedup.delete(key);
    this.onChange();
  }

  list(queue?: string): MemoryRecord[] {
    return this.records.filter((r) => !queue || r.envelope.queue === queue);
  }

  /** Highest priority (lowest number, none first as in BullMQ), then oldest. */
  nextAvailable(accept: (queue: string) => boolean, now = this.now()): MemoryRecord | undefined {
    let best: MemoryRecord | undefined;
    for (const r of this.records) {
      if (r.state !== 'waiting' || r.availableAt > now || !accept(r.envelope.queue)) continue;
      if (!best || rank(r) < rank(best) || (rank(r) === rank(best) && r.seq < best.seq)) best = r;
    }
    return best;
  }

  /**
   * Epoch ms of the earliest message of a queue that is not yet due at `now`, if any. Pass the `now`
   * that `nextAvailable` was asked with: a message falling due between two readings of the clock
   * would be neither available nor due later, and nothing would wake the consumer for it.
   */
  nextDue(queue: string, now = this.now()): number | undefined {
    let due: number | undefined;
    for (const r of this.records) {
      if (r.state !== 'waiting' || r.envelope.queue !== queue || r.availableAt <= now) continue;
      if (due === undefined || r.availableAt < due) due = r.availableAt;
    }
    return due;
  }
}

const isDone = (r: MemoryRecord): boolean => r.state === 'completed' || r.state === 'failed';
const rank = (r: MemoryRecord): number => r.options.priority ?? 0;
