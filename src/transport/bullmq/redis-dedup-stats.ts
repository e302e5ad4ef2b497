import type { RedisClient } from './redis-connection';
import type { DuplicateEntry, DedupStats, DuplicateRecord } from '../capabilities';

const KEEP_SECONDS = 7 * 86_400;
/** Keys the "recent" index remembers; older ones keep their counters but drop off the list. */
const RECENT_KEYS = 1000;

/** Duplicate counters in plain Redis hashes beside BullMQ's keys: one per idempotency key, one of totals. */
export class RedisDedupStats implements DedupStats {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
  ) {}

  private keyOf(key: string): string {
    return `${this.prefix}:symphony:dedup:${key}`;
  }

  /** Keys scored by their last duplicate (ms), trimmed to the week and to RECENT_KEYS entries. */
  private get recentKey(): string {
    return `${this.prefix}:symphony:dedup-recent`;
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
      .zadd(this.recentKey, entry.at, entry.key)
      .zremrangebyscore(this.recentKey, 0, entry.at - KEEP_SECONDS * 1000)
      .zremrangebyrank(this.recentKey, 0, -RECENT_KEYS - 1)
      .hincrby(`${this.prefix}:symphony:dedup-totals`, entry.type, 1)
      .exec();
  }

  async show(key: string): Promise<DuplicateRecord[]> {
    return recordsOf(key, await this.client.hgetall(this.keyOf(key)));
  }

  /** One ZREVRANGE plus one pipelined HGETALL per key: bounded by `limit`, never a scan. */
  async recent(limit: number): Promise<DuplicateRecord[]> {
    const keys = await this.client.zrevrange(this.recentKey, 0, limit - 1);
    if (keys.length === 0) return [];
    const pipeline = this.client.pipeline();
    for (const key of keys) pipeline.hgetall(this.keyOf(key));
    const replies = (await pipeline.exec()) ?? [];
    const records = keys.flatMap((key, i) =>
      recordsOf(key, (replies[i]?.[1] ?? {}) as Record<string, string>),
    );
    return records.sort((a, b) => b.lastAt.localeCompare(a.lastAt)).slice(0, limit);
  }

  async totals(): Promise<Record<string, number>> {
    const fields = await this.client.hgetall(`${this.prefix}:symphony:dedup-totals`);
    return Object.fromEntries(Object.entries(fields).map(([type, n]) => [type, Number(n)]));
  }
}

/** A key's hash (`<queue>|count`, `<queue>|lastAt`, ...) as one record per queue. */
function recordsOf(key: string, fields: Record<string, string>): DuplicateRecord[] {
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
