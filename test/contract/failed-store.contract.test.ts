import { UnrecoverableError } from '../../src/errors';
import { FailedMessages } from '../../src/failed/failed-messages';
import { closeTestBuses, eventually } from '../helpers/bus';
import { contractBus, job } from './harness';
import { contractTargets } from './targets';

afterEach(closeTestBuses);

describe.each(contractTargets)('contract on $name: failed store', (target) => {
  /** Messages n = 0..count-1 fail with "bad <n>" while `state.failing`. */
  async function failedBus(count: number) {
    const state = { failing: true };
    const { bus, seen } = contractBus(target, { retry: { maxRetries: 0 } }, ({ n }) => {
      if (state.failing) throw new UnrecoverableError(`bad ${n}`);
    });
    await bus.dispatchBatch(Array.from({ length: count }, (_, n) => ({ type: job, body: { n } })));
    const consumer = bus.consume('q', { concurrency: 20 });
    await eventually(async () => (await bus.stats(['q'])).q!.failed === count);
    await consumer.close();
    return { bus, seen, state, store: bus.queues.transport('q').failed! };
  }

  it('keeps a failed message with its envelope, error, attempts and failure time', async () => {
    const { store } = await failedBus(1);
    expect(await store.countFailed('q')).toBe(1);
    const [message] = await store.listFailed('q', 0, 0);
    expect(message).toMatchObject({ queue: 'q', type: 'contract.job', attemptsMade: 1 });
    expect(message!.envelope).toMatchObject({ id: message!.id, body: { n: 0 }, queue: 'q' });
    expect(message!.error.message).toContain('bad 0');
    expect(Number.isNaN(Date.parse(message!.failedAt))).toBe(false);
    expect(await store.getFailed('q', message!.id)).toEqual(message);
  });

  it('retries one onto its queue at attempt 1 and removes another', async () => {
    const { bus, seen, state, store } = await failedBus(2);
    const [a, b] = await store.listFailed('q', 0, 1);
    state.failing = false;
    expect(await store.retryFailed('q', a!.id)).toBe(true);
    expect(await store.removeFailed('q', b!.id)).toBe(true);
    expect(await store.removeFailed('q', b!.id)).toBe(false);
    const consumer = bus.consume('q');
    await eventually(async () => (await bus.stats(['q'])).q!.completed === 1);
    await consumer.close();
    expect(seen.at(-1)!.envelope).toMatchObject({ id: a!.id, attempt: 1, queue: 'q' });
    expect(await store.countFailed('q')).toBe(0);
  });

  it('filters, retries and removes in bulk', async () => {
    const { bus, store } = await failedBus(60);
    const failed = new FailedMessages(bus, { pageSize: 7 }); // many pages over a shrinking set
    const listed = (await failed.list({ grep: 'BAD 5' })).items.map(
      (m) => (m.envelope.body as { n: number }).n,
    );
    expect(listed.sort((x, y) => x - y)).toEqual([5, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
    expect(await failed.retryAll({ grep: 'bad 1' })).toMatchObject({ done: 11, matched: 11 });
    expect(await failed.removeAll({ grep: 'bad 2' })).toMatchObject({ done: 11, matched: 11 });
    expect(await store.countFailed('q')).toBe(38);
    expect((await failed.stats()).byType).toEqual([{ key: 'contract.job', count: 38 }]);
  });
});
