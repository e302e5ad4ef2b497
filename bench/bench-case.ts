import type { Measurement, RedisCpuProbe } from './measure';
import type { BenchStore, StoreKind } from './stores';

/** What every case gets: where Redis is, and how to read its CPU counters. */
export interface BenchContext {
  redisUrl: string;
  redisCpu: RedisCpuProbe;
}

/** One side of a case: sets up fresh queues, does `messages` operations timed, cleans up. */
export type Side = (ctx: BenchContext, messages: number) => Promise<Measurement>;

export interface BenchCase {
  id: string;
  title: string;
  /** Messages per timed run. */
  messages: number;
  /** Messages per untimed warm-up run (JIT, connections, Lua script loading). */
  warmup: number;
  /** Timed pairs (raw, Symphony) when `--repeats` is not given. */
  pairs: number;
  /** Minimum Symphony/raw ratio the project aims for; undefined = informational. */
  target?: number;
  /** Where both sides keep their jobs; Redis when not given. */
  store?: StoreKind;
  /** Both sides are raw BullMQ: the row measures the machine's noise, not Symphony (cases/control.ts). */
  control?: boolean;
  raw: Side;
  symphony: Side;
}

/** Messages per timed run and per warm-up run, per store (the SQL stores are slower). */
export type CaseSizes = Record<StoreKind, { messages: number; warmup: number }>;

/**
 * Timed pairs per case by store. The Redis rows carry the targets, and on a shared VM one run of a
 * side can differ from the next by a fifth: their verdict is the median of 11 pair ratios, not 5.
 */
export const PAIRS: Record<StoreKind, number> = { redis: 11, postgres: 5, pglite: 5 };

/** One case on every store: the same driver pair, given the store. */
export interface CaseDefinition {
  id: string;
  title: string;
  sizes: CaseSizes;
  /** Applies to the Redis row; the SQL rows are informational. */
  target?: number;
  raw: (store: BenchStore) => Side;
  symphony: (store: BenchStore) => Side;
}

/** The case on one store: ids and titles of the SQL rows are prefixed with the store. */
export function onStore(definition: CaseDefinition, store: BenchStore): BenchCase {
  const redis = store.kind === 'redis';
  return {
    id: redis ? definition.id : `${store.kind}-${definition.id}`,
    title: redis ? definition.title : `${store.label}: ${definition.title}`,
    ...definition.sizes[store.kind],
    pairs: PAIRS[store.kind],
    target: redis ? definition.target : undefined,
    store: store.kind,
    raw: definition.raw(store),
    symphony: definition.symphony(store),
  };
}
