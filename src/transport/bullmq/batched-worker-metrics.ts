import type { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';

export type MetricKind = 'completed' | 'failed';

/** Adds `count` finished messages of one kind, the last at `at` (epoch ms), to the queue's metrics. */
export type WriteMetrics = (kind: MetricKind, count: number, at: number) => Promise<void>;

/** Per-minute points kept, as BullMQ's `MetricsTime.ONE_HOUR`. */
export const METRICS_POINTS = 60;
/** How often counts go to the store: the status page's current minute lags by at most this. */
export const METRICS_FLUSH_MS = 1000;

const minuteOf = (ms: number): number => Math.floor(ms / 60_000);

/**
 * BullMQ's per-minute worker metrics (what `GET /status` shows), counted in the worker and written
 * once a second and at each minute's end instead of inside every finishing script: the same keys
 * and the same points (`Queue.getMetrics` reads them as before), without two more commands per
 * message in the store. A write that fails (store away) is kept and tried again with the next.
 */
export class BatchedWorkerMetrics {
  private readonly pending: Record<MetricKind, { count: number; at: number }> = {
    completed: { count: 0, at: 0 },
    failed: { count: 0, at: 0 },
  };
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly write: WriteMetrics,
    flushMs = METRICS_FLUSH_MS,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs).unref();
  }

  note(kind: MetricKind, at = Date.now()): void {
    // A point belongs to the minute its messages finished in: close the previous minute first.
    const last = this.pending[kind];
    if (last.count > 0 && minuteOf(at) !== minuteOf(last.at)) this.flushKind(kind);
    const pending = this.pending[kind];
    pending.count++;
    pending.at = at;
  }

  /** Writes what was counted; resolves once every write so far has been tried. */
  flush(): Promise<void> {
    this.flushKind('completed');
    this.flushKind('failed');
    return this.writing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private flushKind(kind: MetricKind): void {
    const { count, at } = this.pending[kind];
    if (count === 0) return;
    this.pending[kind] = { count: 0, at: 0 };
    // One write at a time, in order, so points land in the minutes they belong to.
    this.writing = this.writing.then(() =>
      this.write(kind, count, at).catch(() => {
        const pending = this.pending[kind];
        pending.count += count;
        pending.at = Math.max(pending.at, at);
      }),
    );
  }
}

/** BullMQ's collectMetrics (moveToFinished), for `count` messages at once. */
const COLLECT_METRICS = `
local count = redis.call("HINCRBY", KEYS[1], "count", ARGV[1]) - tonumber(ARGV[1])
local prevTS = redis.call("HGET", KEYS[1], "prevTS")
if not prevTS then
  redis.call("HSET", KEYS[1], "prevTS", ARGV[2], "prevCount", 0)
  return 0
end
local n = math.min(math.floor(tonumber(ARGV[2]) / 60000) - math.floor(prevTS / 60000), tonumber(ARGV[3]))
if n > 0 then
  local points = { count - tonumber(redis.call("HGET", KEYS[1], "prevCount") or 0) }
  for i = 2, n do points[i] = 0 end
  redis.call("LPUSH", KEYS[2], unpack(points))
  redis.call("LTRIM", KEYS[2], 0, tonumber(ARGV[3]) - 1)
  redis.call("HSET", KEYS[1], "prevCount", count, "prevTS", ARGV[2])
end
return 0
`;

/** Writes a queue's metrics on Redis, into BullMQ's own keys (`<queue>:metrics:<kind>[:data]`). */
export function redisMetricsWriter(client: Redis | Cluster, queue: Queue): WriteMetrics {
  return async (kind, count, at) => {
    const key = queue.toKey(`metrics:${kind}`);
    await client.eval(COLLECT_METRICS, 2, key, `${key}:data`, count, at, METRICS_POINTS);
  };
}

interface FinishedJob {
  processedOn?: number;
  finishedOn?: number;
}

/**
 * Counts what BullMQ's metrics count: every completion, and failures for good (moved to failed:
 * `finishedOn` set by this attempt, which a retry leaves unset or older than the attempt's start).
 */
export function countFinished(
  worker: { on(event: 'completed' | 'failed', listener: (job: FinishedJob | undefined) => void): unknown },
  metrics: BatchedWorkerMetrics,
): void {
  worker.on('completed', () => metrics.note('completed'));
  worker.on('failed', (job) => {
    if (job?.finishedOn !== undefined && job.finishedOn >= (job.processedOn ?? 0)) metrics.note('failed');
  });
}
