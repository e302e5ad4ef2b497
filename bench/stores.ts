import type { Queue, Processor, Worker, WorkerOptions } from 'bullmq';
import type { Symphony } from '../src/bus/symphony';
import type { BenchContext } from './bench-case';
import { dropQueue } from './cleanup';
import { freshNames } from './fixtures';
import type { RedisCpuProbe } from './measure';
import { RawSide } from './raw-side';

export type StoreKind = 'redis' | 'postgres' | 'pglite';

/** Plain BullMQ on one run's queue; `close` drops the run's jobs, then disconnects. */
export interface RawHandle {
  readonly queue: Queue;
  worker(concurrency: number, processor: Processor, extra?: Partial<WorkerOptions>): Worker;
  close(): Promise<void>;
}

/** Where one run of one side keeps its queue: a DSN for Symphony, a prefix and a queue name. */
export interface RunPlace {
  url: string;
  prefix: string;
  queue: string;
}

/**
 * What the drivers need from a store, so one driver serves Redis, PostgreSQL and PGlite:
 * fresh names per run, raw BullMQ on those names, cleanup after a Symphony run, the CPU probe.
 */
export interface BenchStore {
  kind: StoreKind;
  /** Prefix of the table rows ('' for Redis, whose rows carry the targets). */
  label: string;
  place(ctx: BenchContext, caseId: string, side: 'raw' | 'sym'): Promise<RunPlace>;
  openRaw(ctx: BenchContext, place: RunPlace): Promise<RawHandle>;
  /** Ends a Symphony run: closes its bus and drops the jobs the run left. */
  closeBus(ctx: BenchContext, place: RunPlace, symphony: Symphony): Promise<void>;
  /** The server's CPU counter; only Redis is sampled. */
  cpu(ctx: BenchContext): RedisCpuProbe;
}

/** Redis: a fresh key prefix per run, raw BullMQ wired like Symphony's Redis transport. */
export const redisStore: BenchStore = {
  kind: 'redis',
  label: '',
  place: async (ctx, caseId, side) => ({ url: ctx.redisUrl, ...freshNames(caseId, side) }),
  openRaw: async (ctx, { prefix, queue }) => new RawSide(ctx.redisUrl, prefix, queue),
  closeBus: async (ctx, { prefix, queue }, symphony) => {
    await symphony.close();
    await dropQueue(ctx.redisUrl, prefix, queue);
  },
  cpu: (ctx) => ctx.redisCpu,
};
