import { defineBatchHandler } from '../../src/handling/handler-registry';
import { closeTestBuses, eventually } from '../helpers/bus';
import { contractBus, job, sleep } from './harness';
import { contractTargets } from './targets';

afterEach(closeTestBuses);

interface Delivery {
  n: number;
  attempt: number;
}

describe.each(contractTargets)('contract on $name: batch handler retries', (target) => {
  it('redelivers an item failed with message.fail() on its own, without re-running the others', async () => {
    const batches: Delivery[][] = [];
    const handler = defineBatchHandler(
      job,
      (messages) => {
        batches.push(messages.map((m) => ({ n: m.body.n, attempt: m.envelope.attempt })));
        for (const m of messages)
          if (m.body.n === 2 && m.envelope.attempt === 1) m.fail(new Error('bad row 2, try again'));
      },
      // The first batch fills at once; the lone retry is handed over after maxWaitMs.
      { size: 5, maxWaitMs: 300 },
    );
    const { bus } = contractBus(target, { retry: { maxRetries: 1, delay: 20, jitter: 0 } }, undefined, [
      handler,
    ]);
    await bus.dispatchBatch([0, 1, 2, 3, 4].map((n) => ({ type: job, body: { n } })));
    const consumer = bus.consume('q');
    await eventually(async () => (await bus.stats(['q'])).q!.completed === 5);
    await sleep(100); // nothing else may run once everything completed

    const deliveries = batches.flat();
    const sorted = [...deliveries].sort((a, b) => a.n - b.n || a.attempt - b.attempt);
    expect(sorted).toEqual([
      { n: 0, attempt: 1 },
      { n: 1, attempt: 1 },
      { n: 2, attempt: 1 },
      { n: 2, attempt: 2 },
      { n: 3, attempt: 1 },
      { n: 4, attempt: 1 },
    ]);
    // The retry came in a batch of its own, after the batch it failed in.
    expect(batches.at(-1)).toEqual([{ n: 2, attempt: 2 }]);
    expect(batches.slice(0, -1).flat()).toHaveLength(5);
    expect((await bus.stats(['q'])).q).toMatchObject({ completed: 5, failed: 0, delayed: 0 });
    await consumer.close();
  });
});
