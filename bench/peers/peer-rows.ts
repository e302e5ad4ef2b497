import type { BenchContext } from '../bench-case';
import type { Measurement, RedisCpuProbe } from '../measure';
import { symphonyDispatchBatch, symphonyDispatchOne, symphonyDrain } from '../symphony-drivers';
import type { BenchStore } from '../stores';
import type { GraphilePeer } from './graphile-sides';
import { PG_BOSS_POLL_SECONDS, PG_BOSS_WORKERS, type PgBossPeer } from './pg-boss-sides';

/** Who runs a row: Symphony on stock BullMQ, Symphony on patched BullMQ, and the two peers. */
export const CONTENDERS = ['symphony', 'patched', 'graphile', 'pgBoss'] as const;
export type Contender = (typeof CONTENDERS)[number];

export interface PeerSide {
  run: (messages: number) => Promise<Measurement>;
  messages: number;
  warmup: number;
}

export interface PeerRow {
  id: string;
  title: string;
  /** Symphony / graphile-worker the project aims for, if any. */
  target?: number;
  sides: Partial<Record<Contender, PeerSide>>;
}

export interface PeerWorld {
  ctx: BenchContext;
  cpu: RedisCpuProbe;
  stock: BenchStore;
  /** Absent when the installed BullMQ is not the one the patch copies. */
  patched?: BenchStore;
  graphile: GraphilePeer;
  pgBoss: PgBossPeer;
}

/** The rows' ids, in table order (`--only peers` selects them all). */
export const PEER_ROW_IDS = [
  'peers-dispatch-single',
  'peers-dispatch-batch',
  'peers-drain',
  'peers-drain-batch50',
] as const;
const [SINGLE, BATCH_ENQUEUE, DRAIN, DRAIN_BATCH] = PEER_ROW_IDS;

/** Symphony's drain concurrency against graphile-worker's 10: the best of 10, 20 and 50 here (close). */
export const SYMPHONY_DRAIN_CONCURRENCY = 10;
const BATCH = { size: 50, maxWaitMs: 20 };

/** Symphony's side of a row on both stores (stock and patched BullMQ). */
function symphonySides(
  world: PeerWorld,
  side: (store: BenchStore) => (ctx: BenchContext, messages: number) => Promise<Measurement>,
  sizes: { messages: number; warmup: number },
): Partial<Record<Contender, PeerSide>> {
  const on = (store: BenchStore): PeerSide => ({ run: (n) => side(store)(world.ctx, n), ...sizes });
  return { symphony: on(world.stock), ...(world.patched ? { patched: on(world.patched) } : {}) };
}

/** The four rows, in table order. */
export function peerRows(world: PeerWorld): PeerRow[] {
  const { graphile, pgBoss, cpu } = world;
  const plain = { priorities: false };
  return [
    {
      id: SINGLE,
      title: 'enqueue one at a time',
      sides: {
        ...symphonySides(world, (s) => symphonyDispatchOne(s, 'peer-single', plain), {
          messages: 2000,
          warmup: 1000,
        }),
        graphile: { run: (n) => graphile.addOne(n, cpu), messages: 2000, warmup: 1000 },
        pgBoss: { run: (n) => pgBoss.sendOne(n, cpu), messages: 2000, warmup: 1000 },
      },
    },
    {
      id: BATCH_ENQUEUE,
      title: 'enqueue in batches of 1,000',
      target: 0.5,
      sides: {
        ...symphonySides(world, (s) => symphonyDispatchBatch(s, 'peer-batch', plain), {
          messages: 20_000,
          warmup: 10_000,
        }),
        graphile: { run: (n) => graphile.addBatches(n, cpu), messages: 20_000, warmup: 10_000 },
        pgBoss: { run: (n) => pgBoss.insertBatches(n, cpu), messages: 20_000, warmup: 10_000 },
      },
    },
    {
      id: DRAIN,
      title: `drain, no-op handler (Symphony concurrency ${SYMPHONY_DRAIN_CONCURRENCY}, graphile 10, pg-boss ${PG_BOSS_WORKERS} workers x 1 per ${PG_BOSS_POLL_SECONDS} s poll)`,
      target: 1,
      sides: {
        ...symphonySides(world, (s) => symphonyDrain(s, 'peer-drain', plain, SYMPHONY_DRAIN_CONCURRENCY), {
          messages: 5000,
          warmup: 2000,
        }),
        graphile: { run: (n) => graphile.drain(n, cpu, { concurrency: 10 }), messages: 5000, warmup: 2000 },
        // poll-bound at 20 msgs/s: a few hundred show it
        pgBoss: { run: (n) => pgBoss.drain(n, cpu, 1), messages: 200, warmup: 20 },
      },
    },
    {
      id: DRAIN_BATCH,
      title: `drain in batches of 50 (Symphony batch handler, concurrency 50; graphile local queue 50, concurrency 10; pg-boss ${PG_BOSS_WORKERS} workers x 50)`,
      sides: {
        ...symphonySides(world, (s) => symphonyDrain(s, 'peer-batch50', { ...plain, batch: BATCH }, 50), {
          messages: 5000,
          warmup: 2000,
        }),
        graphile: {
          run: (n) => graphile.drain(n, cpu, { concurrency: 10, localQueue: 50 }),
          messages: 5000,
          warmup: 2000,
        },
        pgBoss: { run: (n) => pgBoss.drain(n, cpu, 50), messages: 3000, warmup: 500 },
      },
    },
  ];
}
