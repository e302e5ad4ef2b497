import { MessageSearch } from '../../src/messages/message-search';
import { closeTestBuses, eventually, testBus } from '../helpers/bus';
import { dropTestSchemas, pgliteDsn, postgresDsn, removePgliteDirs } from '../helpers/sql';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);
afterAll(async () => {
  await dropTestSchemas();
  removePgliteDirs();
});

/** Jobs as BullMQ stores them: the per-job retention BullMQ would apply inside each completion. */
async function storedRetention(bus: ReturnType<typeof testBus>, id: string): Promise<unknown> {
  const transport = bus.queues.transport('work') as unknown as {
    queue(name: string): { getJob(id: string): Promise<{ opts: { removeOnComplete?: unknown } }> };
  };
  return (await transport.queue('work').getJob(id)).opts.removeOnComplete;
}

/**
 * SYMPHONY_KEEP_COMPLETED on the SQL stores: the newest N completed messages stay, the older ones
 * are trimmed by the consumer outside BullMQ's finish statement (whose own count retention read
 * every kept row on every completion).
 */
describe.each([
  ['PostgreSQL', postgresDsn],
  ['PGlite', pgliteDsn],
])('completed messages kept on %s', (_store, dsn) => {
  jest.setTimeout(120_000);

  it('keeps the newest ones, and stores no count retention for BullMQ to apply per completion', async () => {
    const handled: number[] = [];
    const bus = testBus(
      testApp([
        defineHandler(ping, async ({ n }) => {
          handled.push(n);
          // a few ms apart, so no two completions share the millisecond the trim cuts at
          await new Promise((resolve) => setTimeout(resolve, 3));
        }),
      ]),
      { defaultDsn: dsn(), retention: { completedCount: 4, failedAgeSeconds: 3600 } },
    );
    const sent = await bus.dispatchBatch(Array.from({ length: 12 }, (_, n) => ({ type: ping, body: { n } })));
    expect(await storedRetention(bus, sent[0]!.id)).toBe(false);
    const consumer = bus.consume('work', { concurrency: 1 });
    await eventually(() => handled.length === 12);
    // the newest by completion: a batch's messages share a dispatch time, so the store may hand them out in
    // another order than they were given
    const lastHandled = handled.slice(8).map((n) => sent[n]!.id);
    const completed = async () => (await new MessageSearch(bus).search({ states: ['completed'] })).items;
    // the last handler returned is not yet the last message completed (nor trimmed after)
    await eventually(async () => (await completed()).some((m) => m.id === lastHandled[3]));
    await eventually(async () => (await bus.stats(['work'])).work!.completed === 4);
    expect(new Set((await completed()).map((m) => m.id))).toEqual(new Set(lastHandled));
    await consumer.close();
  });

  it('with none kept, each completed message goes at once', async () => {
    let handled = 0;
    const bus = testBus(testApp([defineHandler(ping, () => void handled++)]), {
      defaultDsn: dsn(),
      retention: { completedCount: 0, failedAgeSeconds: 3600 },
    });
    const sent = await bus.dispatchBatch([1, 2, 3].map((n) => ({ type: ping, body: { n } })));
    expect(await storedRetention(bus, sent[0]!.id)).toBe(true);
    const consumer = bus.consume('work');
    await eventually(() => handled === 3);
    await eventually(async () => (await bus.stats(['work'])).work!.completed === 0);
    await consumer.close();
  });
});
