import type { Symphony } from '../../src/bus/symphony';
import { UnrecoverableError } from '../../src/errors';
import { defineHandler, orphan, ping, testApp } from '../fixtures/test-app';
import { eventually } from './bus';

/**
 * The test app whose `test.ping` handler fails at once with "boom <n>" (`test.orphan` has no
 * handler, so it fails with NoHandlerError). Queue `work` retries nothing.
 */
export const failingApp = () =>
  testApp([
    defineHandler(ping, ({ n }) => {
      throw new UnrecoverableError(`boom ${n}`);
    }),
  ]);

/** Dispatches pings (numbers) and orphans ('orphan'), in order, and waits until all have failed. */
export async function failMessages(bus: Symphony, items: (number | 'orphan')[]): Promise<string[]> {
  const before = (await bus.stats(['work'])).work!.failed;
  const results = await bus.dispatchBatch(
    items.map((item) => (item === 'orphan' ? { type: orphan, body: {} } : { type: ping, body: { n: item } })),
  );
  const consumer = bus.consume('work', { concurrency: 50 });
  await eventually(
    async () => (await bus.stats(['work'])).work!.failed,
    (failed) => failed === before + items.length,
    60_000,
  );
  await consumer.close();
  return results.map((r) => r.id);
}
