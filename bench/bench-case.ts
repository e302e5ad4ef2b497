import type { Measurement, RedisCpuProbe } from './measure';

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
  /** Minimum Symphony/raw ratio the project aims for; undefined = informational. */
  target?: number;
  raw: Side;
  symphony: Side;
}
