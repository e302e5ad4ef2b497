import type {
  BrowsePage,
  BrowseStep,
  MessageBrowser,
  MessageFilter,
  MessageState,
  MessageSummary,
  RemoveOutcome,
  StoredMessage,
} from '../message-browser';
import { messageMatcher } from '../message-filter';
import type { MemoryRecord, MemoryStore } from './memory-store';

/**
 * Browsing the memory transport's records, newest first. The position is the send sequence of the
 * last record examined, so records sent or removed between pages never shift the walk.
 */
export class MemoryMessageBrowser implements MessageBrowser {
  constructor(private readonly store: MemoryStore) {}

  async browse(queues: readonly string[], filter: MessageFilter, step: BrowseStep): Promise<BrowsePage> {
    const wanted = new Set(queues);
    const matches = messageMatcher(filter);
    const after = step.after === undefined ? Infinity : Number(step.after);
    const now = this.store.now();
    const items: MessageSummary[] = [];
    let scanned = 0;
    const records = this.store.records;
    for (let i = records.length - 1; i >= 0; i--) {
      const record = records[i]!;
      if (record.seq >= after || !wanted.has(record.envelope.queue)) continue;
      scanned++;
      const state = stateOf(record, now);
      const entry = { type: record.envelope.type, state, storedAt: record.enqueuedAt };
      if (matches({ ...entry, content: () => record.envelope })) items.push(summaryOf(record, state));
      const more = i > 0;
      if (more && (items.length >= step.limit || scanned >= step.budget)) {
        return { items, scanned, next: String(record.seq) };
      }
    }
    return { items, scanned };
  }

  async get(queue: string, id: string): Promise<StoredMessage | undefined> {
    const record = this.find(queue, id);
    if (!record) return undefined;
    const summary = summaryOf(record, stateOf(record, this.store.now()));
    return {
      ...summary,
      envelope: { ...record.envelope, attempt: Math.max(record.attemptsMade, 1) },
      maxAttempts: record.options.attempts,
      attempts: (record.history ?? []).map((h, i) => ({
        attempt: i + 1,
        outcome: h.error ? 'failed' : h.endedAt === undefined ? 'running' : 'completed',
        startedAt: iso(h.startedAt),
        ...(h.endedAt !== undefined ? { endedAt: iso(h.endedAt) } : {}),
        ...(h.error ? { error: h.error } : {}),
      })),
    };
  }

  async promote(queue: string, id: string): Promise<boolean> {
    const record = this.find(queue, id);
    const now = this.store.now();
    if (!record || stateOf(record, now) !== 'delayed') return false;
    record.availableAt = now;
    this.store.onChange();
    return true;
  }

  async remove(queue: string, id: string): Promise<RemoveOutcome> {
    const record = this.find(queue, id);
    if (!record) return 'missing';
    if (record.state === 'active') return 'active';
    this.store.remove(record);
    return 'removed';
  }

  private find(queue: string, id: string): MemoryRecord | undefined {
    return this.store.records.find((r) => r.envelope.queue === queue && r.envelope.id === id);
  }
}

/** As BullMQ names it: a waiting message not yet due is delayed; one with a priority is prioritized. */
export function stateOf(record: MemoryRecord, now: number): MessageState {
  if (record.state !== 'waiting') return record.state;
  if (record.availableAt > now) return 'delayed';
  return record.options.priority !== undefined ? 'prioritized' : 'waiting';
}

function summaryOf(record: MemoryRecord, state: MessageState): MessageSummary {
  const { envelope } = record;
  const last = record.history?.at(-1);
  return {
    id: envelope.id,
    queue: envelope.queue,
    type: envelope.type,
    state,
    dispatchedAt: envelope.dispatchedAt,
    correlationId: envelope.correlationId,
    ...(envelope.idempotencyKey !== undefined ? { idempotencyKey: envelope.idempotencyKey } : {}),
    priority: envelope.priority,
    attemptsMade: record.attemptsMade + (record.state === 'completed' ? 1 : 0),
    ...(state === 'delayed' ? { dueAt: iso(record.availableAt) } : {}),
    ...(last ? { processedAt: iso(last.startedAt) } : {}),
    ...(record.finishedAt !== undefined ? { finishedAt: iso(record.finishedAt) } : {}),
    ...(record.error && state !== 'completed' ? { error: record.error.message } : {}),
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();
