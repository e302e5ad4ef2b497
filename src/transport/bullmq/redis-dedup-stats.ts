import type { Redis } from 'ioredis';
import type { DuplicateEntry, DedupStats, DuplicateRecord } from '../capabilities';

const KEEP_SECONDS = 7 * 86_400;

/** Duplicate counters in plain Redis hashes beside BullMQ's keys: one per idempotency key, one of totals. */
export class RedisDedupStats implements DedupStats {
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
  ) {}

  private keyOf(key: string): string {
    return `${this.prefix}:symphony:dedup:${key}`;
  }

  async record(entry: DuplicateEntry): Promise<void> {
    const hash = this.keyOf(entry.key);
    await this.client
      .multi()
      .hincrby(hash, `${entry.queue}|count`, 1)
      .hset(
        hash,
        `${entry.queue}|lastAt`,
        String(entry.at),
        `${entry.queue}|type`,
        entry.type,
        `${entry.queue}|kept`,
        entry.keptId,
      )
      .expire(hash, KEEP_SECONDS)
      .hincrby(`${this.prefix}:symphony:dedup-totals`, entry.type, 1)
      .exec();
  }

  async show(key: string): Promise<DuplicateRecord[]> {
    const fields = await this.client.hgetall(this.keyOf(key));
    const queues = new Set(Object.keys(fields).map((f) => f.slice(0, f.lastIndexOf('|'))));
    return [...queues].map((queue) => ({
      key,
      queue,
      type: fields[`${queue}|type`] ?? '',
      duplicates: Number(fields[`${queue}|count`] ?? 0),
      lastAt: new Date(Number(fields[`${queue}|lastAt`] ?? 0)).toISOString(),
      keptId: fields[`${queue}|kept`] ?? '',
    }));
  }

  async totals(): Promise<Record<string, number>> {
    const fields = await this.client.hgetall(`${this.prefix}:symphony:dedup-totals`);
    return Object.fromEntries(Object.entries(fields).map(([type, n]) => [type, Number(n)]));
  }
}
