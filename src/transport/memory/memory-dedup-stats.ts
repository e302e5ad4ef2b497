import type { DuplicateEntry, DedupStats, DuplicateRecord } from '../capabilities';

/** Duplicate counters kept in process, same shape as the Redis ones. */
export class MemoryDedupStats implements DedupStats {
  private readonly byKey = new Map<string, Map<string, DuplicateRecord>>();
  private readonly byType = new Map<string, number>();

  async record(entry: DuplicateEntry): Promise<void> {
    const perQueue = this.byKey.get(entry.key) ?? new Map<string, DuplicateRecord>();
    const previous = perQueue.get(entry.queue);
    perQueue.set(entry.queue, {
      key: entry.key,
      queue: entry.queue,
      type: entry.type,
      duplicates: (previous?.duplicates ?? 0) + 1,
      lastAt: new Date(entry.at).toISOString(),
      keptId: entry.keptId,
    });
    this.byKey.set(entry.key, perQueue);
    this.byType.set(entry.type, (this.byType.get(entry.type) ?? 0) + 1);
  }

  async show(key: string): Promise<DuplicateRecord[]> {
    return [...(this.byKey.get(key)?.values() ?? [])];
  }

  async recent(limit: number): Promise<DuplicateRecord[]> {
    return [...this.byKey.values()]
      .flatMap((perQueue) => [...perQueue.values()])
      .sort((a, b) => b.lastAt.localeCompare(a.lastAt))
      .slice(0, limit);
  }

  async totals(): Promise<Record<string, number>> {
    return Object.fromEntries(this.byType);
  }
}
