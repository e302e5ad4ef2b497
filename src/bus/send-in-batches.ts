import type { Envelope } from '../message/envelope';
import { composeDispatch, type DispatchMiddleware, type DispatchResult } from './middleware';

export const BATCH_CHUNK = 1000;

/**
 * Runs every envelope through the dispatch middleware, collects those that reach the end of the
 * chain, and sends them in one call per chunk (one round trip for BullMQ's addBulk). A middleware
 * that short-circuits or throws affects only its own item.
 */
export async function sendInBatches(
  envelopes: readonly Envelope[],
  middlewares: readonly DispatchMiddleware[],
  sendMany: (envelopes: Envelope[]) => Promise<DispatchResult[]>,
  chunkSize = BATCH_CHUNK,
): Promise<DispatchResult[]> {
  const results: DispatchResult[] = [];
  for (let start = 0; start < envelopes.length; start += chunkSize) {
    results.push(...(await sendChunk(envelopes.slice(start, start + chunkSize), middlewares, sendMany)));
  }
  return results;
}

async function sendChunk(
  chunk: readonly Envelope[],
  middlewares: readonly DispatchMiddleware[],
  sendMany: (envelopes: Envelope[]) => Promise<DispatchResult[]>,
): Promise<DispatchResult[]> {
  const waiting: {
    envelope: Envelope;
    resolve: (r: DispatchResult) => void;
    reject: (e: unknown) => void;
  }[] = [];
  const arrivals: Promise<void>[] = [];
  const runs = chunk.map((envelope, index) => {
    let arrived!: () => void;
    arrivals[index] = new Promise<void>((resolve) => (arrived = resolve));
    const chain = composeDispatch(middlewares, (e) => {
      arrived();
      return new Promise<DispatchResult>((resolve, reject) => waiting.push({ envelope: e, resolve, reject }));
    });
    const run = Promise.resolve().then(() => chain(envelope)); // a synchronous throw stays this item's
    run.then(arrived, arrived);
    return run;
  });
  await Promise.all(arrivals);
  if (waiting.length > 0) {
    try {
      const sent = await sendMany(waiting.map((w) => w.envelope));
      waiting.forEach((w, i) => w.resolve(sent[i]!));
    } catch (error) {
      waiting.forEach((w) => w.reject(error));
    }
  }
  return Promise.all(runs);
}
