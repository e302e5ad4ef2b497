import type { FailedMessage, FailedStore } from '../capabilities';
import type { MemoryRecord, MemoryStore } from './memory-store';

/** The failed store over the memory transport's records in state 'failed', newest first. */
export class MemoryFailedStore implements FailedStore {
  constructor(private readonly store: MemoryStore) {}

  async countFailed(queue: string): Promise<number> {
    return this.failed(queue).length;
  }

  async listFailed(queue: string, start: number, end: number): Promise<FailedMessage[]> {
    if (end < start) return [];
    return this.failed(queue)
      .slice(start, end + 1)
      .map(toFailedMessage);
  }

  async getFailed(queue: string, id: string): Promise<FailedMessage | undefined> {
    const record = this.find(queue, id);
    return record && toFailedMessage(record);
  }

  async retryFailed(queue: string, id: string): Promise<boolean> {
    const record = this.find(queue, id);
    if (!record) return false;
    Object.assign(record, { state: 'waiting', attemptsMade: 0, availableAt: this.store.now() });
    delete record.error;
    delete record.finishedAt;
    this.store.onChange(); // live consumers pick it up, as BullMQ workers would
    return true;
  }

  async purgeFailed(queue: string, olderThanMs: number): Promise<number> {
    const cutoff = this.store.now() - olderThanMs;
    const old = this.failed(queue).filter((r) => (r.finishedAt ?? 0) < cutoff);
    for (const record of old) this.store.records.splice(this.store.records.indexOf(record), 1);
    return old.length;
  }

  async removeFailed(queue: string, id: string): Promise<boolean> {
    const record = this.find(queue, id);
    if (!record) return false;
    this.store.records.splice(this.store.records.indexOf(record), 1);
    return true;
  }

  private find(queue: string, id: string): MemoryRecord | undefined {
    return this.store.records.find(
      (r) => r.state === 'failed' && r.envelope.queue === queue && r.envelope.id === id,
    );
  }

  /** Same order as BullMQ's failed set: latest failure first, ties by latest send. */
  private failed(queue: string): MemoryRecord[] {
    return this.store
      .list(queue)
      .filter((r) => r.state === 'failed')
      .sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0) || b.seq - a.seq);
  }
}

function toFailedMessage(record: MemoryRecord): FailedMessage {
  const { envelope, attemptsMade } = record;
  return {
    id: envelope.id,
    queue: envelope.queue,
    type: envelope.type,
    envelope: { ...envelope, attempt: Math.max(attemptsMade, 1) },
    error: record.error ?? { message: '' },
    attemptsMade,
    failedAt: new Date(record.finishedAt ?? 0).toISOString(),
  };
}
