import type { Side } from './bench-case';
import { dropQueue } from './cleanup';
import { benchBus, benchMail, bodyFor, freshNames, type BusOptions } from './fixtures';
import { chunks, countdown, measure, range } from './measure';
import { BULK_CHUNK } from './raw-drivers';
import type { DispatchOptions } from '../src/bus/dispatch-options';

type BusShape = Pick<BusOptions, 'priorities' | 'batch'>;

/** Symphony sides of the cases; each builds a fresh bus (fresh prefix) and drops its keys after. */
export function symphonyDispatchOne(
  caseId: string,
  bus: BusShape,
  optionsOf: (i: number) => DispatchOptions | undefined = () => undefined,
): Side {
  return async ({ redisUrl, redisCpu }, messages) => {
    const { prefix, queue } = freshNames(caseId, 'sym');
    const symphony = benchBus({ url: redisUrl, prefix, queue, ...bus });
    await symphony.dispatch(benchMail, bodyFor(0), optionsOf(0)); // connect and load scripts untimed
    const result = await measure(messages, redisCpu, async () => {
      for (let i = 0; i < messages; i++) await symphony.dispatch(benchMail, bodyFor(i), optionsOf(i));
    });
    await symphony.close();
    await dropQueue(redisUrl, prefix, queue);
    return result;
  };
}

export function symphonyDispatchBatch(caseId: string, bus: BusShape): Side {
  return async ({ redisUrl, redisCpu }, messages) => {
    const { prefix, queue } = freshNames(caseId, 'sym');
    const symphony = benchBus({ url: redisUrl, prefix, queue, ...bus });
    await symphony.dispatch(benchMail, bodyFor(0));
    const batches = chunks(range(messages), BULK_CHUNK);
    const result = await measure(messages, redisCpu, async () => {
      for (const batch of batches) {
        await symphony.dispatchBatch(batch.map((i) => ({ type: benchMail, body: bodyFor(i) })));
      }
    });
    await symphony.close();
    await dropQueue(redisUrl, prefix, queue);
    return result;
  };
}

/**
 * Pre-fills with dispatchBatch (untimed), then times from `consume` until the handler has seen
 * the last message: decode, logging middleware (silent), validation, handler registry.
 */
export function symphonyDrain(caseId: string, bus: BusShape, concurrency: number): Side {
  return async ({ redisUrl, redisCpu }, messages) => {
    const { prefix, queue } = freshNames(caseId, 'sym');
    const handled = countdown(messages);
    const symphony = benchBus({ url: redisUrl, prefix, queue, ...bus, onHandled: handled.tick });
    for (const batch of chunks(range(messages), BULK_CHUNK)) {
      await symphony.dispatchBatch(batch.map((i) => ({ type: benchMail, body: bodyFor(i) })));
    }
    let consumer: ReturnType<typeof symphony.consume> | undefined;
    const result = await measure(messages, redisCpu, async () => {
      consumer = symphony.consume(queue, { concurrency });
      await handled.done;
    });
    await consumer?.close();
    await symphony.close();
    await dropQueue(redisUrl, prefix, queue);
    return result;
  };
}
