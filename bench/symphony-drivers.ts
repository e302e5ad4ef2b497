import type { Side } from './bench-case';
import { benchBus, benchMail, bodyFor, type BusOptions } from './fixtures';
import { chunks, countdown, measure, range } from './measure';
import { BULK_CHUNK } from './raw-drivers';
import type { BenchStore } from './stores';
import type { DispatchOptions } from '../src/bus/dispatch-options';

type BusShape = Pick<BusOptions, 'priorities' | 'batch'>;

/**
 * Symphony sides of the cases, parameterised by the store; each builds a fresh bus on a fresh
 * queue (fresh prefix on Redis) and drops that queue's jobs after.
 */
export function symphonyDispatchOne(
  store: BenchStore,
  caseId: string,
  bus: BusShape,
  optionsOf: (i: number) => DispatchOptions | undefined = () => undefined,
): Side {
  return async (ctx, messages) => {
    const place = await store.place(ctx, caseId, 'sym');
    const symphony = benchBus({ ...place, ...bus });
    await symphony.dispatch(benchMail, bodyFor(0), optionsOf(0)); // connect and load scripts untimed
    const result = await measure(messages, store.cpu(ctx), async () => {
      for (let i = 0; i < messages; i++) await symphony.dispatch(benchMail, bodyFor(i), optionsOf(i));
    });
    await store.closeBus(ctx, place, symphony);
    return result;
  };
}

export function symphonyDispatchBatch(store: BenchStore, caseId: string, bus: BusShape): Side {
  return async (ctx, messages) => {
    const place = await store.place(ctx, caseId, 'sym');
    const symphony = benchBus({ ...place, ...bus });
    await symphony.dispatch(benchMail, bodyFor(0));
    const batches = chunks(range(messages), BULK_CHUNK);
    const result = await measure(messages, store.cpu(ctx), async () => {
      for (const batch of batches) {
        await symphony.dispatchBatch(batch.map((i) => ({ type: benchMail, body: bodyFor(i) })));
      }
    });
    await store.closeBus(ctx, place, symphony);
    return result;
  };
}

/**
 * Pre-fills with dispatchBatch (untimed), then times from `consume` until the handler has seen
 * the last message: decode, logging middleware (silent), validation, handler registry.
 */
export function symphonyDrain(store: BenchStore, caseId: string, bus: BusShape, concurrency: number): Side {
  return async (ctx, messages) => {
    const place = await store.place(ctx, caseId, 'sym');
    const handled = countdown(messages);
    const symphony = benchBus({ ...place, ...bus, onHandled: handled.tick });
    for (const batch of chunks(range(messages), BULK_CHUNK)) {
      await symphony.dispatchBatch(batch.map((i) => ({ type: benchMail, body: bodyFor(i) })));
    }
    let consumer: ReturnType<typeof symphony.consume> | undefined;
    const result = await measure(messages, store.cpu(ctx), async () => {
      consumer = symphony.consume(place.queue, { concurrency });
      await handled.done;
    });
    await consumer?.close();
    await store.closeBus(ctx, place, symphony);
    return result;
  };
}
