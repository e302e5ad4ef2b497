import type { FailedStore } from '../../src/transport/capabilities';
import { closeTestBuses, eventually, testBus } from '../helpers/bus';
import { failMessages, failingApp, nextMillisecond } from '../helpers/failed';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);

const storeOf = (bus: ReturnType<typeof testBus>): FailedStore => bus.queues.transport('work').failed!;

describe('the BullMQ failed store', () => {
  it('lists failed messages newest first by offset window, with envelope, error and failure time', async () => {
    const bus = testBus(failingApp());
    for (const n of [1, 2, 3]) {
      await failMessages(bus, [n]);
      await nextMillisecond(); // distinct failure times, so the order is by time alone
    }
    const store = storeOf(bus);
    expect(await store.countFailed('work')).toBe(3);
    const all = await store.listFailed('work', 0, 9);
    expect(all.map((m) => (m.envelope.body as { n: number }).n)).toEqual([3, 2, 1]);
    expect((await store.listFailed('work', 1, 1)).map((m) => m.id)).toEqual([all[1]!.id]);
    expect(await store.listFailed('work', 3, 5)).toEqual([]);
    const [newest] = all;
    expect(newest).toMatchObject({ queue: 'work', type: 'test.ping', attemptsMade: 1 });
    expect(newest!.envelope).toMatchObject({
      id: newest!.id,
      type: 'test.ping',
      queue: 'work',
      body: { n: 3 },
    });
    expect(newest!.error.message).toContain('Boom 3');
    expect(newest!.error.stack).toContain('Boom 3');
    expect(Date.parse(newest!.failedAt)).toBeGreaterThanOrEqual(Date.parse(all[1]!.failedAt));
  });

  it('gets one failed message by id and nothing for an unknown or non-failed id', async () => {
    const bus = testBus(failingApp());
    const [id] = await failMessages(bus, [5]);
    const store = storeOf(bus);
    expect((await store.getFailed('work', id!))?.envelope.body).toEqual({ n: 5 });
    expect(await store.getFailed('work', 'nope')).toBeUndefined();
    const waiting = await bus.dispatch(ping, { n: 6 });
    expect(await store.getFailed('work', waiting.id)).toBeUndefined();
    expect(await store.retryFailed('work', waiting.id)).toBe(false);
    expect(await store.removeFailed('work', waiting.id)).toBe(false);
  });

  it('retries one back onto its original queue with attempts reset', async () => {
    const seen: { attempt: number; queue: string }[] = [];
    let failing = true;
    const bus = testBus(
      testApp(
        [
          defineHandler(ping, (_body, envelope) => {
            seen.push({ attempt: envelope.attempt, queue: envelope.queue });
            if (failing) throw new Error('flaky');
          }),
        ],
        { queues: { work: { retry: { maxRetries: 1, delay: 10, jitter: 0 } } } },
      ),
    );
    const { id } = await bus.dispatch(ping, { n: 1 });
    const consumer = bus.consume('work');
    await eventually(async () => (await bus.stats(['work'])).work!.failed === 1);
    expect((await storeOf(bus).getFailed('work', id))?.attemptsMade).toBe(2);
    failing = false;
    expect(await storeOf(bus).retryFailed('work', id)).toBe(true);
    await eventually(async () => (await bus.stats(['work'])).work!.completed === 1);
    expect(seen.map((s) => s.attempt)).toEqual([1, 2, 1]);
    expect(seen.at(-1)!.queue).toBe('work');
    expect(await storeOf(bus).countFailed('work')).toBe(0);
    expect(await storeOf(bus).retryFailed('work', id)).toBe(false);
    await consumer.close();
  });

  it('removes one failed message', async () => {
    const bus = testBus(failingApp());
    const [a, b] = await failMessages(bus, [1, 2]);
    expect(await storeOf(bus).removeFailed('work', a!)).toBe(true);
    expect(await storeOf(bus).removeFailed('work', a!)).toBe(false);
    expect((await storeOf(bus).listFailed('work', 0, 9)).map((m) => m.id)).toEqual([b]);
    expect((await bus.stats(['work'])).work!.failed).toBe(1);
  });
});
