import type { WorkerOptions } from 'bullmq';
import type { Side } from './bench-case';
import type { ShapeOf } from './job-shapes';
import { chunks, countdown, measure, range } from './measure';
import type { BenchStore } from './stores';

/** Chunk size of every addBulk, timed or pre-fill. */
export const BULK_CHUNK = 1000;

/**
 * Raw sides of the cases, parameterised by the store (Redis, PostgreSQL, PGlite) and by what each
 * job stores (see job-shapes.ts). Each run opens a fresh queue and drops its jobs after.
 */
export function rawDispatchOne(store: BenchStore, caseId: string, shape: ShapeOf): Side {
  return async (ctx, messages) => {
    const raw = await store.openRaw(ctx, await store.place(ctx, caseId, 'raw'));
    const first = shape(0);
    await raw.queue.add(first.name, first.data, first.opts); // connect and load scripts untimed
    const result = await measure(messages, store.cpu(ctx), async () => {
      for (let i = 0; i < messages; i++) {
        const job = shape(i);
        await raw.queue.add(job.name, job.data, job.opts);
      }
    });
    await raw.close();
    return result;
  };
}

export function rawDispatchBulk(store: BenchStore, caseId: string, shape: ShapeOf): Side {
  return async (ctx, messages) => {
    const raw = await store.openRaw(ctx, await store.place(ctx, caseId, 'raw'));
    const first = shape(0);
    await raw.queue.add(first.name, first.data, first.opts);
    const batches = chunks(range(messages), BULK_CHUNK);
    const result = await measure(messages, store.cpu(ctx), async () => {
      for (const batch of batches) await raw.queue.addBulk(batch.map(shape));
    });
    await raw.close();
    return result;
  };
}

/**
 * Pre-fills `messages` jobs (untimed), then times from worker start until the processor has run
 * for the last one. `processor` defaults to a no-op; `handle` lets a case park jobs (batching).
 */
export function rawDrain(
  store: BenchStore,
  caseId: string,
  shape: ShapeOf,
  concurrency: number,
  options: { worker?: Partial<WorkerOptions>; processor?: (tick: () => void) => () => Promise<void> } = {},
): Side {
  return async (ctx, messages) => {
    const raw = await store.openRaw(ctx, await store.place(ctx, caseId, 'raw'));
    for (const batch of chunks(range(messages), BULK_CHUNK)) await raw.queue.addBulk(batch.map(shape));
    const handled = countdown(messages);
    const processor = options.processor?.(handled.tick) ?? (async () => handled.tick());
    const result = await measure(messages, store.cpu(ctx), async () => {
      raw.worker(concurrency, processor, options.worker);
      await handled.done;
    });
    await raw.close();
    return result;
  };
}
