import type { Symphony } from '../../src/bus/symphony';
import { UnrecoverableError } from '../../src/errors';
import { defineHandler, orphan, ping, testApp } from '../fixtures/test-app';
import { eventually } from './bus';

/**
 * The test app whose `test.ping` handler fails at once with "Boom <n>" while `state.failing`
 * (`test.orphan` has no handler, so it fails with NoHandlerError). Queue `work` retries nothing.
 */
export function failingApp(state: HandlerState = handlerState()) {
  return testApp([failingPing(state)]);
}

export interface HandlerState {
  failing: boolean;
  seen: { n: number; attempt: number; queue: string }[];
}

export const handlerState = (): HandlerState => ({ failing: true, seen: [] });

/** Pings on `work`, orphans on `other`, and a sync:// queue that keeps no failed messages. */
export function twoQueueApp(state: HandlerState = handlerState()) {
  return testApp([failingPing(state)], {
    routing: { 'test.ping': 'work', 'test.orphan': 'other' },
    queues: {
      work: { retry: { maxRetries: 0 } },
      other: { retry: { maxRetries: 0 } },
      direct: { dsn: 'sync://' },
    },
  });
}

const failingPing = (state: HandlerState) =>
  defineHandler(ping, ({ n }, envelope) => {
    state.seen.push({ n, attempt: envelope.attempt, queue: envelope.queue });
    if (state.failing) throw new UnrecoverableError(`Boom ${n}`);
  });

/** Every queue of the bus that keeps failed messages. */
const failingQueues = (bus: Symphony) => bus.queues.names().filter((q) => bus.queues.transport(q).failed);

const failedCount = async (bus: Symphony) =>
  Object.values(await bus.stats(failingQueues(bus))).reduce((sum, c) => sum + c.failed, 0);

/** Dispatches pings (numbers) and orphans ('orphan'), in order, and waits until all have failed. */
export async function failMessages(bus: Symphony, items: (number | 'orphan')[]): Promise<string[]> {
  const before = await failedCount(bus);
  const results = await bus.dispatchBatch(
    items.map((item) => (item === 'orphan' ? { type: orphan, body: {} } : { type: ping, body: { n: item } })),
  );
  const consumers = failingQueues(bus).map((q) => bus.consume(q, { concurrency: 50 }));
  await eventually(
    () => failedCount(bus),
    (failed) => failed === before + items.length,
    60_000,
  );
  await Promise.all(consumers.map((c) => c.close()));
  return results.map((r) => r.id);
}

/** Waits until the clock has moved past `start`, so the next failure has a later time. */
export const nextMillisecond = (start = Date.now()) => eventually(() => Date.now() > start);
