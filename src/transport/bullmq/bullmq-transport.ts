import {
  getDefaultBackendFactory,
  Queue,
  type BackendFactory,
  type ConnectionOptions,
  type DefaultJobOptions,
  type Telemetry,
  type WorkerOptions,
} from 'bullmq';
import type { Envelope } from '../../message/envelope';
import { encodeCompact } from '../../message/serializer';
import type {
  ConsumeOptions,
  Consumer,
  Processor,
  QueueCounts,
  SendOptions,
  SendResult,
  Transport,
} from '../transport';
import type { DedupStats, FailedStore, PriorityAging, QueueControl } from '../capabilities';
import { BatchedWorkerMetrics, type WriteMetrics } from './batched-worker-metrics';
import { createBullMqConsumer, type BullMqConsumer } from './bullmq-consumer';
import { BullMqFailedStore } from './bullmq-failed-store';
import { whenIdle } from './idle-watch';
import { redisRemoveIfFailed, type RemoveIfFailed } from './remove-if-failed';
import { BullMqMessageBrowser, type JobIndex } from './bullmq-message-browser';
import { BullMqPriorityAging } from './bullmq-priority-aging';
import { BullMqQueueControl } from './bullmq-queue-control';
import type { BullMqMetrics } from './bullmq-queue-insight';
import { BullMqScheduleStore } from './bullmq-schedule-store';
import type { MessageBrowser } from '../message-browser';
import type { ScheduleStore } from '../schedule-store';
import { toJobOptions } from './job-options';

export interface BullMqTransportOptions {
  kind: string;
  /** Shared by every Queue of this transport. */
  connection: ConnectionOptions;
  /**
   * Each Worker gets its own connection options (BullMQ duplicates a shared client anyway); a
   * function is called on the first consume, so a producer-only process never opens it.
   */
  workerConnection: ConnectionOptions | (() => ConnectionOptions);
  /**
   * Ends the workers' connection so whatever waits on it fails at once (Redis): used when a
   * graceful close waits on a store that is gone while no message is in hand.
   */
  cutWorkerConnection?: () => void;
  /**
   * Resolves once a write to this queue would survive a failover (Redis WAIT), or throws; called
   * after each dispatch before it is acknowledged. Absent: acknowledged once the store has it.
   */
  confirmWrite?: (queue: Queue) => Promise<void>;
  /** BullMQ key prefix; per queue on a Redis Cluster (a hash tag each, see redis-key-layout). */
  prefix?: string | ((queue: string) => string);
  defaultJobOptions: DefaultJobOptions;
  /**
   * Retention the workers apply as each message finishes (BullMQ's worker-level removeOnComplete /
   * removeOnFail), for jobs that store none: the same work at finish, nothing stored with each job.
   */
  workerRetention?: Pick<WorkerOptions, 'removeOnComplete' | 'removeOnFail'>;
  lockDurationMs: number;
  stalledIntervalMs: number;
  dedupStats?: DedupStats;
  /** Removes a message only while it is failed, in one step (default: Redis's script). */
  removeIfFailed?: RemoveIfFailed;
  /** BullMQ backend for every Queue and Worker; default Redis. The Postgres one carries its pool. */
  backendFactory?: BackendFactory;
  /** Per-minute throughput history for /status (default on; a write per message on Postgres). */
  workerMetrics?: boolean;
  /**
   * Writes that history for many messages at once (Redis): workers count and write it once a
   * second instead of BullMQ's two more commands in every finishing script.
   */
  metricsWriter?: (queue: Queue) => WriteMetrics;
  /**
   * The Queues' connection bounds every command itself (fail-fast Redis client): they neither wait
   * for its first connection nor ask for the server version on it (workers still check it).
   */
  producerFailsFast?: boolean;
  /** How this store walks and locates jobs for search (Redis sets or SQL); none: no search. */
  jobIndex?: (queue: (name: string) => Queue) => JobIndex;
  /** BullMQ's own spans (bullmq-otel), when traces are on. */
  telemetry?: Telemetry;
  /** A consumer of this transport recorded a message of `queue` completed. */
  onCompleted?: (queue: string) => void;
  close: () => Promise<void>;
}

const COUNTED_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

/** BullMQ as a Symphony transport: one BullMQ Queue per Symphony queue, created on first use. */
export class BullMqTransport implements Transport {
  readonly kind: string;
  private readonly queues = new Map<string, Queue>();
  /** Open consumers, closing ones included until they are closed. */
  private readonly consumers = new Set<BullMqConsumer>();
  readonly failed: FailedStore = new BullMqFailedStore(
    (name) => this.queue(name),
    (queue, id) => (this.options.removeIfFailed ?? redisRemoveIfFailed)(queue, id),
  );
  readonly control: QueueControl = new BullMqQueueControl((name) => this.queue(name));
  readonly schedules: ScheduleStore = new BullMqScheduleStore((name) => this.queue(name));
  readonly aging: PriorityAging = new BullMqPriorityAging((name) => this.queue(name));

  readonly dedupStats?: DedupStats;
  readonly messages?: MessageBrowser;

  constructor(private readonly options: BullMqTransportOptions) {
    this.kind = options.kind;
    this.dedupStats = options.dedupStats;
    const queue = (name: string) => this.queue(name);
    if (options.jobIndex) this.messages = new BullMqMessageBrowser(queue, options.jobIndex(queue));
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // Typed as the default Queue: Symphony only calls the backend-neutral API, on Redis and Postgres.
      queue = new Queue(
        name,
        {
          connection: this.options.connection,
          prefix: this.prefixOf(name),
          defaultJobOptions: this.options.defaultJobOptions,
          ...(this.options.telemetry ? { telemetry: this.options.telemetry } : {}),
          ...(this.options.producerFailsFast ? { skipWaitingForReady: true, skipVersionCheck: true } : {}),
        },
        this.options.backendFactory ?? getDefaultBackendFactory(),
      ) as unknown as Queue;
      queue.on('error', () => undefined); // reconnects are ioredis's job; an unhandled 'error' would crash
      this.queues.set(name, queue);
    }
    return queue;
  }

  private prefixOf(queue: string): string | undefined {
    const { prefix } = this.options;
    return typeof prefix === 'function' ? prefix(queue) : prefix;
  }

  async send(envelope: Envelope, options: SendOptions): Promise<SendResult> {
    const queue = this.queue(envelope.queue);
    // Each await is a turn of the event loop per message: only what this dispatch needs.
    const previous = options.dedup?.replace ? await this.replaceable(queue, options) : undefined;
    const job = await queue.add(envelope.type, encodeCompact(envelope), toJobOptions(envelope.id, options));
    if (this.options.confirmWrite) await this.options.confirmWrite(queue);
    return resultFor(envelope.id, job.id, previous);
  }

  /** Debounce replaces the pending message without telling: look first, to report what was replaced. */
  private async replaceable(queue: Queue, options: SendOptions): Promise<string | undefined> {
    return options.dedup?.replace
      ? ((await queue.getDeduplicationJobId(options.dedup.id)) ?? undefined)
      : undefined;
  }

  async sendBatch(items: { envelope: Envelope; options: SendOptions }[]): Promise<SendResult[]> {
    const byQueue = new Map<string, number[]>();
    items.forEach((item, index) => {
      const list = byQueue.get(item.envelope.queue) ?? [];
      list.push(index);
      byQueue.set(item.envelope.queue, list);
    });
    const results: SendResult[] = new Array(items.length);
    await Promise.all(
      [...byQueue].map(async ([queue, indexes]) => {
        // Debounce only: most batches have nothing to look up first.
        const previous = indexes.some((i) => items[i]!.options.dedup?.replace)
          ? await Promise.all(indexes.map((i) => this.replaceable(this.queue(queue), items[i]!.options)))
          : [];
        const jobs = await this.queue(queue).addBulk(
          indexes.map((i) => {
            const { envelope, options } = items[i]!;
            return {
              name: envelope.type,
              data: encodeCompact(envelope),
              opts: toJobOptions(envelope.id, options),
            };
          }),
        );
        if (this.options.confirmWrite) await this.options.confirmWrite(this.queue(queue));
        jobs.forEach(
          (job, k) =>
            (results[indexes[k]!] = resultFor(items[indexes[k]!]!.envelope.id, job.id, previous[k])),
        );
      }),
    );
    return results;
  }

  consume(queue: string, processor: Processor, options: ConsumeOptions): Consumer {
    const consumer = createBullMqConsumer(
      queue,
      processor,
      options,
      {
        connection: this.workerConnection(),
        prefix: this.prefixOf(queue),
        lockDuration: this.options.lockDurationMs,
        stalledInterval: this.options.stalledIntervalMs,
        ...this.options.workerRetention,
        ...(this.options.telemetry ? { telemetry: this.options.telemetry } : {}),
      },
      this.options.backendFactory,
      this.options.metricsWriter && this.recordsMetrics
        ? new BatchedWorkerMetrics(this.options.metricsWriter(this.queue(queue)))
        : this.recordsMetrics,
      this.options.onCompleted && (() => this.options.onCompleted!(queue)),
    );
    this.consumers.add(consumer);
    return {
      ready: () => consumer.ready(),
      pause: () => consumer.pause(),
      resume: () => consumer.resume(),
      close: async (force) => {
        try {
          await (force ? consumer.close(true) : this.closeGracefully(consumer));
        } finally {
          this.consumers.delete(consumer);
        }
      },
    };
  }

  /**
   * A graceful close that does not end while no consumer of this transport has a message in hand
   * waits on a store that is gone (a fetch queued for the reconnect, a first connection that never
   * came): the workers' connection is cut instead of waiting out the shutdown budget.
   */
  private async closeGracefully(consumer: BullMqConsumer): Promise<void> {
    const closing = consumer.close(false);
    const cut = this.options.cutWorkerConnection;
    if (!cut) return closing;
    const inHand = () => [...this.consumers].reduce((sum, c) => sum + c.inHand(), 0);
    const idle = whenIdle(inHand, IDLE_POLL_MS, IDLE_POLLS);
    const outcome = await Promise.race([closing.then(() => 'closed'), idle.idle.then(() => 'idle')]);
    idle.cancel();
    if (outcome === 'idle') cut();
    await closing;
  }

  private workerConnection(): ConnectionOptions {
    const { workerConnection } = this.options;
    return typeof workerConnection === 'function' ? workerConnection() : workerConnection;
  }

  /** Whether workers record BullMQ's per-minute metrics (the history `GET /status` shows). */
  get recordsMetrics(): boolean {
    return this.options.workerMetrics ?? true;
  }

  /** BullMQ's metrics of a queue: running count, last point, and up to `points` points, newest first. */
  metrics(queue: string, kind: 'completed' | 'failed', points: number): Promise<BullMqMetrics> {
    return this.queue(queue).getMetrics(kind, 0, points - 1);
  }

  async counts(queue: string): Promise<QueueCounts> {
    const counts = await this.queue(queue).getJobCounts(...COUNTED_STATES);
    return Object.fromEntries(COUNTED_STATES.map((s) => [s, counts[s] ?? 0])) as unknown as QueueCounts;
  }

  /**
   * Closes workers gracefully (a forced BullMQ close can leave timers behind on Postgres), but
   * never waits forever: an unreachable store or a stuck handler gets CLOSE_BUDGET_MS, then the
   * connections are cut and BullMQ's stalled check recovers unfinished messages elsewhere.
   */
  async close(): Promise<void> {
    const consumers = [...this.consumers];
    if (!(await settlesWithin(Promise.all(consumers.map((c) => c.close(false))), CLOSE_BUDGET_MS))) {
      await settlesWithin(Promise.all(consumers.map((c) => c.close(true))), CLOSE_BUDGET_MS);
    }
    await settlesWithin(Promise.all([...this.queues.values()].map((q) => q.close())), CLOSE_BUDGET_MS);
    this.queues.clear();
    await settlesWithin(this.options.close(), CLOSE_BUDGET_MS);
  }
}

const CLOSE_BUDGET_MS = 5000;
/** Idle for 3 polls (1.5 s) while a graceful close has not ended: the store is gone. */
const IDLE_POLL_MS = 500;
const IDLE_POLLS = 3;

/** true when the promise settled in time (its outcome is ignored: closing is best effort). */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    expired,
  ]).finally(() => clearTimeout(timer));
}

function resultFor(id: string, storedId: string | undefined, previous?: string): SendResult {
  if (storedId && storedId !== id) return { id, deduplicated: true, existingId: storedId };
  return previous && previous !== id
    ? { id, deduplicated: false, replacedId: previous }
    : { id, deduplicated: false };
}
