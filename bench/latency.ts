import type { BenchContext } from './bench-case';
import { benchBus, benchMail, bodyFor } from './fixtures';
import { plainJob } from './job-shapes';
import type { BenchStore } from './stores';
import { markdownTable } from './table';

/** A latency row's id, as `--only` names it. */
export const latencyId = (store: Pick<BenchStore, 'kind'>): string => `latency-${store.kind}`;

/**
 * Dispatch-to-handler-start latency at low load: a consumer (concurrency 1) waits on an empty
 * queue, and one message is dispatched every INTERVAL_MS; each sample runs from the dispatch call
 * to the handler's start, in this process. Raw BullMQ (Queue.add, Worker) and Symphony (dispatch,
 * consume) on the same store, alternating; the first WARMUP messages of a run are not counted.
 */
export const INTERVAL_MS = 20;
const WARMUP = 20;
const TIMED = 150;
const ROUNDS = 2;

export interface LatencyResult {
  id: string;
  title: string;
  /** Milliseconds, every timed sample of every round. */
  raw: number[];
  symphony: number[];
}

type Send = (n: number) => Promise<unknown>;

/** Sends WARMUP + TIMED messages, one per INTERVAL_MS, and returns the timed samples. */
async function paced(send: Send, started: Map<number, number>, seen: Map<number, number>): Promise<number[]> {
  const total = WARMUP + TIMED;
  const clock = performance.now();
  for (let n = 0; n < total; n++) {
    started.set(n, performance.now());
    await send(n);
    const next = clock + (n + 1) * INTERVAL_MS - performance.now();
    if (next > 0) await new Promise((resolve) => setTimeout(resolve, next));
  }
  while (seen.size < total) await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  return [...seen].filter(([n]) => n >= WARMUP).map(([n, at]) => at - started.get(n)!);
}

async function rawRun(store: BenchStore, ctx: BenchContext): Promise<number[]> {
  const raw = await store.openRaw(ctx, await store.place(ctx, 'latency', 'raw'));
  const started = new Map<number, number>();
  const seen = new Map<number, number>();
  const worker = raw.worker(
    1,
    async (job) => void seen.set((job.data as { n: number }).n, performance.now()),
  );
  await worker.waitUntilReady();
  try {
    return await paced((n) => raw.queue.add(plainJob(n).name, plainJob(n).data), started, seen);
  } finally {
    await raw.close();
  }
}

async function symphonyRun(store: BenchStore, ctx: BenchContext): Promise<number[]> {
  const place = await store.place(ctx, 'latency', 'sym');
  const started = new Map<number, number>();
  const seen = new Map<number, number>();
  const symphony = benchBus({
    ...place,
    priorities: false,
    onHandled: (n) => seen.set(n, performance.now()),
  });
  const consumer = symphony.consume(place.queue, { concurrency: 1 });
  await consumer.ready();
  try {
    return await paced((n) => symphony.dispatch(benchMail, bodyFor(n)), started, seen);
  } finally {
    await consumer.close();
    await store.closeBus(ctx, place, symphony);
  }
}

/** ROUNDS alternations of raw and Symphony on one store. */
export async function measureLatency(store: BenchStore, ctx: BenchContext): Promise<LatencyResult> {
  const raw: number[] = [];
  const symphony: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      raw.push(...(await rawRun(store, ctx)));
      symphony.push(...(await symphonyRun(store, ctx)));
    } else {
      symphony.push(...(await symphonyRun(store, ctx)));
      raw.push(...(await rawRun(store, ctx)));
    }
  }
  const where = store.label || 'Redis';
  return { id: latencyId(store), title: where, raw, symphony };
}

/** The p-th percentile (0..1) of samples, nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

export function renderLatency(results: readonly LatencyResult[]): string {
  const ms = (n: number) => n.toFixed(2);
  const rows = results.map((r) => [
    r.title,
    ms(percentile(r.raw, 0.5)),
    ms(percentile(r.raw, 0.99)),
    ms(percentile(r.symphony, 0.5)),
    ms(percentile(r.symphony, 0.99)),
    String(r.symphony.length),
  ]);
  return markdownTable(
    ['store', 'raw p50 ms', 'raw p99 ms', 'symphony p50 ms', 'symphony p99 ms', 'samples per side'],
    rows,
    new Set([1, 2, 3, 4, 5]),
  );
}
