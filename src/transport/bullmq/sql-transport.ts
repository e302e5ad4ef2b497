import { quoteSchemaName, type BackendFactory, type PgPool, type PgQueryable } from 'bullmq';
import { isStoreUnreachable } from '../../errors';
import type { Envelope } from '../../message/envelope';
import type { PriorityAging } from '../capabilities';
import type { ConsumeOptions, Consumer, Processor, QueueCounts, SendOptions, SendResult } from '../transport';
import { BullMqTransport, type BullMqTransportOptions } from './bullmq-transport';
import type { BullMqMetrics } from './bullmq-queue-insight';
import { sharedPoolBackendFactory } from './postgres-backend';
import { toUnavailable } from './postgres-errors';
import { withinBound } from './statement-bound';
import { sqlRemoveIfFailed } from './remove-if-failed';
import { poolerRefusal } from './postgres-dsn';
import type { PostgresSchema } from './postgres-schema';
import { SqlCompletedRetention } from './sql-completed-retention';
import { SqlDedupStats } from './sql-dedup-stats';
import { SqlJobIndex } from './sql-job-index';
import { SqlFlagStore } from './sql-flag-store';
import { SqlPriorityAging } from './sql-priority-aging';

/** A pool whose size can grow while it runs (pg.Pool reads options.max on every checkout). */
export interface GrowablePool {
  options: { max?: number };
}

export interface SqlStore {
  pool: PgPool & GrowablePool;
  schema: PostgresSchema;
  autoMigrate: boolean;
  /** Dispatch and reads answer within this or fail with TRANSPORT_UNAVAILABLE (a server only; not PGlite, in process). */
  producerTimeoutMs?: number;
  /** Reached through a transaction-mode pooler: dispatch and reads only (see poolerRefusal). */
  transactionPooler?: boolean;
  /**
   * Completed messages kept per queue, trimmed by this transport's consumers (SqlCompletedRetention);
   * the jobs must be stored with sqlJobRetention. 0: BullMQ removes each one as it completes.
   */
  keepCompleted: number;
}

export type SqlTransportOptions = Omit<
  BullMqTransportOptions,
  'connection' | 'workerConnection' | 'backendFactory' | 'dedupStats' | 'removeIfFailed' | 'onCompleted'
>;

/**
 * BullMQ on PostgreSQL (server or embedded), every queue on one shared pool. Before its first use
 * the schema must be up to date (or is migrated, with auto-migrate): every BullMQ connection waits
 * for that gate, so a worker refuses to start instead of failing per message.
 * Each consumer holds one pooled client for LISTEN, so the pool grows by one per consumer.
 */
export class SqlTransport extends BullMqTransport {
  override readonly aging: PriorityAging = new SqlPriorityAging((name) => this.queue(name));
  private readiness: Promise<void> | undefined;
  private flagStore: SqlFlagStore | undefined;
  private closed = false;
  private readonly retention: SqlCompletedRetention | undefined;

  constructor(
    options: SqlTransportOptions,
    private readonly store: SqlStore,
  ) {
    const late: { transport?: SqlTransport } = {};
    const gate = () => late.transport!.ready();
    super({
      ...options,
      // The backend factory carries the pool; BullMQ only checks that a connection is given.
      connection: {},
      workerConnection: {},
      backendFactory: sharedPoolBackendFactory(
        store.pool,
        store.schema.schema,
        gate,
      ) as unknown as BackendFactory,
      dedupStats: new SqlDedupStats(store.pool, store.schema.schema, gate),
      removeIfFailed: sqlRemoveIfFailed(store.pool, store.schema.schema, gate),
      jobIndex: () => new SqlJobIndex(store.pool, store.schema.schema, gate),
      onCompleted: (queue) => late.transport!.retention?.completed(queue),
    });
    late.transport = this;
    this.retention =
      store.keepCompleted > 0
        ? new SqlCompletedRetention(store.pool, store.schema.schema, store.keepCompleted)
        : undefined;
  }

  /** Memoised while it succeeds; a failure (database down at boot) is retried on the next call. */
  ready(): Promise<void> {
    if (!this.readiness) {
      this.readiness = this.store.transactionPooler
        ? this.store.schema.ensureUsableThroughPooler()
        : this.store.schema.ensureUsable(this.store.autoMigrate);
      this.readiness.catch(() => (this.readiness = undefined));
    }
    return this.readiness;
  }

  /** Migration flags, in a table of this store's schema (the pool is the transport's). */
  get flags(): SqlFlagStore {
    return (this.flagStore ??= new SqlFlagStore(
      { query: async (text, params) => (await this.ready(), this.store.pool.query(text, params)) },
      this.store.schema.schema,
    ));
  }

  /** The pool behind the schema gate, for Symphony's own tables (the lease and alert states). */
  get symphonyTables(): { db: PgQueryable; schema: string } {
    return {
      db: { query: async (text, params) => (await this.ready(), this.store.pool.query(text, params)) },
      schema: this.store.schema.schema,
    };
  }

  override send(envelope: Envelope, options: SendOptions): Promise<SendResult> {
    return this.bounded(() => super.send(envelope, options));
  }

  override sendBatch(items: { envelope: Envelope; options: SendOptions }[]): Promise<SendResult[]> {
    return this.bounded(() => super.sendBatch(items));
  }

  /**
   * Producers fail fast: the statement answers within producerTimeoutMs, as TRANSPORT_UNAVAILABLE
   * when the server went away. The schema gate before it is not bounded (a first use may migrate,
   * which takes what it takes); a server that does not accept connections fails it within the
   * pool's connection timeout, the same bound.
   */
  private async bounded<T>(statement: () => Promise<T>): Promise<T> {
    await this.ready();
    const { producerTimeoutMs, schema } = this.store;
    return withinBound(statement(), producerTimeoutMs, schema.display).catch(this.unavailable);
  }

  /** A server that went away under a dispatch (restart, crash): TRANSPORT_UNAVAILABLE, not a raw pg code. */
  private readonly unavailable = (error: unknown): never => {
    throw toUnavailable(error, this.store.schema.display);
  };

  override counts(queue: string): Promise<QueueCounts> {
    return this.bounded(() => super.counts(queue));
  }

  /**
   * Read from BullMQ's `metrics` table: the PostgreSQL backend's getMetrics (BullMQ 6.7) leaves out
   * when the last point was taken (`prev_ts`), without which the series cannot be lined up with now.
   */
  override async metrics(
    queue: string,
    kind: 'completed' | 'failed',
    points: number,
  ): Promise<BullMqMetrics> {
    await this.ready();
    const { rows } = await this.store.pool.query<{
      count: string;
      prev_ts: string | null;
      prev_count: string;
      data: (string | number)[];
    }>(
      `SELECT count, prev_ts, prev_count, data[1:$3] AS data FROM ${quoteSchemaName(this.store.schema.schema)}.metrics
        WHERE queue = $1 AND kind = $2`,
      [queue, kind, points],
    );
    const row = rows[0];
    return {
      meta: {
        count: Number(row?.count ?? 0),
        prevTS: Number(row?.prev_ts ?? 0),
        prevCount: Number(row?.prev_count ?? 0),
      },
      data: (row?.data ?? []).map(Number),
    };
  }

  override consume(queue: string, processor: Processor, options: ConsumeOptions): Consumer {
    if (this.store.transactionPooler) throw poolerRefusal(this.store.schema.display, `Consuming "${queue}"`);
    let inner: Consumer | undefined;
    let stopped = false;
    const started = this.readyForWorker(() => stopped || this.closed).then(() => {
      if (stopped || this.closed) return;
      this.grow(1);
      inner = super.consume(queue, processor, options);
    });
    started.catch(() => undefined); // reported through ready()
    return {
      ready: async () => {
        await started;
        await inner?.ready();
      },
      pause: async () => {
        await started;
        await inner?.pause();
      },
      resume: async () => {
        await started;
        await inner?.resume();
      },
      close: async (force) => {
        stopped = true;
        // not started yet (waiting for the database): nothing to close, and start-up sees `stopped`
        if (!inner) return;
        const closing = inner;
        inner = undefined;
        await closing.close(force);
        this.grow(-1);
      },
    };
  }

  /**
   * Workers wait for their store: a database that does not answer is asked again until it does or
   * the consumer closes. A store that answers with a problem (outdated schema, wrong password)
   * fails at once: waiting would not fix it.
   */
  private async readyForWorker(stopped: () => boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ready();
      } catch (error) {
        if (stopped() || !isStoreUnreachable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(attempt * 500, 5000)));
      }
    }
  }

  /**
   * A trim still running is not waited for (a store gone mid-statement would hold the close): the
   * pool's end, bounded, lets it finish or fail, and a failed trim is dropped.
   */
  override async close(): Promise<void> {
    this.closed = true;
    await super.close();
  }

  private grow(delta: number): void {
    const { options } = this.store.pool;
    options.max = (options.max ?? 10) + delta;
  }
}
