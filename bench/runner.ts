import type { BenchCase, BenchContext } from './bench-case';
import type { Measurement } from './measure';
import { summarize, type CaseResult } from './summary';

/**
 * Warms both sides up once, then runs `repeats` (default: the case's) timed pairs, alternating which side goes first so
 * drift (Redis memory, GC, a noisy neighbour) does not favour one side.
 */
export async function runCase(
  bench: BenchCase,
  ctx: BenchContext,
  repeats: number | undefined,
  scale: number,
): Promise<CaseResult> {
  const messages = Math.max(1, Math.round(bench.messages * scale));
  const warmup = Math.max(1, Math.round(bench.warmup * scale));
  await bench.raw(ctx, warmup);
  await bench.symphony(ctx, warmup);
  const raw: Measurement[] = [];
  const symphony: Measurement[] = [];
  const pairs = repeats ?? bench.pairs;
  for (let rep = 0; rep < pairs; rep++) {
    if (rep % 2 === 0) {
      raw.push(await bench.raw(ctx, messages));
      symphony.push(await bench.symphony(ctx, messages));
    } else {
      symphony.push(await bench.symphony(ctx, messages));
      raw.push(await bench.raw(ctx, messages));
    }
  }
  return summarize(bench, raw, symphony);
}
