import type { BenchCase } from './bench-case';
import { median, type Measurement } from './measure';

export interface CaseResult {
  id: string;
  title: string;
  target?: number;
  /** Both sides raw BullMQ (a control row). */
  control?: boolean;
  raw: Measurement[];
  symphony: Measurement[];
  /** medians of msgs/s */
  rawRate: number;
  symphonyRate: number;
  /** median over the timed pairs of symphony/raw; pairs ran back to back, so drift cancels */
  ratio: number;
  /** first and third quartiles of those pair ratios: how far one pair can be from the next */
  ratioQuartiles: [number, number];
  /** medians of CPU µs per message; the server ones (redis-server, PostgreSQL) undefined where not sampled */
  rawNodeCpu: number;
  symphonyNodeCpu: number;
  rawRedisCpu: number | undefined;
  symphonyRedisCpu: number | undefined;
}

export function summarize(bench: BenchCase, raw: Measurement[], symphony: Measurement[]): CaseResult {
  const of = (runs: Measurement[], key: keyof Measurement) => median(runs.map((r) => r[key]));
  // A store without a CPU probe (PGlite, a PostgreSQL elsewhere) reads 0 on every run, which a sampled server does not.
  const sampled = [...raw, ...symphony].some((m) => m.redisCpuUs !== 0);
  const redis = (runs: Measurement[]) => (sampled ? of(runs, 'redisCpuUs') : undefined);
  const pairRatios = raw.map((r, i) => symphony[i]!.rate / r.rate);
  return {
    id: bench.id,
    title: bench.title,
    target: bench.target,
    control: bench.control,
    raw,
    symphony,
    rawRate: of(raw, 'rate'),
    symphonyRate: of(symphony, 'rate'),
    ratio: median(pairRatios),
    ratioQuartiles: quartiles(pairRatios),
    rawNodeCpu: of(raw, 'nodeCpuUs'),
    symphonyNodeCpu: of(symphony, 'nodeCpuUs'),
    rawRedisCpu: redis(raw),
    symphonyRedisCpu: redis(symphony),
  };
}

/** First and third quartiles (medians of the lower and upper halves). */
function quartiles(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length >> 1;
  if (half === 0) return [sorted[0]!, sorted[0]!];
  return [median(sorted.slice(0, half)), median(sorted.slice(sorted.length - half))];
}
