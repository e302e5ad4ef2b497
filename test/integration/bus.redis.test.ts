import { HandlerFailedError, NoHandlerError, RoutingError, ValidationError } from '../../src/errors';
import { closeTestBuses, eventually, logsOf, testBus } from '../helpers/bus';
import { defineHandler, orphan, ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);

describe('the bus on BullMQ over Redis', () => {
  it('handles a dispatched message once with a running worker', async () => {
    const seen: number[] = [];
    const bus = testBus(testApp([defineHandler(ping, ({ n }) => void seen.push(n))]));
    const { id, queue } = await bus.dispatch(ping, { n: 7 });
    expect(queue).toBe('work');
    const consumer = bus.consume('work');
    await eventually(() => seen.length === 1);
    await eventually(async () => (await bus.stats(['work'])).work!.completed === 1);
    expect(seen).toEqual([7]);
    const line = logsOf(bus).find((l) => l.msg === 'message handled');
    expect(line).toMatchObject({ id, type: 'test.ping', queue: 'work', attempt: 1, outcome: 'handled' });
    expect(typeof line!.durationMs).toBe('number');
    await consumer.close();
  });

  it('runs every handler of a type', async () => {
    const seen: string[] = [];
    const bus = testBus(
      testApp([
        defineHandler(ping, () => void seen.push('a'), 'a'),
        defineHandler(ping, () => void seen.push('b'), 'b'),
      ]),
    );
    await bus.dispatch(ping, { n: 1 });
    const consumer = bus.consume('work');
    await eventually(() => seen.length === 2);
    expect(seen.sort()).toEqual(['a', 'b']);
    await consumer.close();
  });

  it('reports one failing handler as HandlerFailedError after the others did their work', async () => {
    const done: string[] = [];
    const errors: unknown[] = [];
    const bus = testBus(
      testApp([
        defineHandler(ping, () => void done.push('first'), 'first'),
        defineHandler(ping, () => Promise.reject(new Error('smtp down')), 'broken'),
        defineHandler(ping, () => void done.push('third'), 'third'),
      ]),
    );
    await bus.dispatch(ping, { n: 1 });
    const consumer = bus.consume('work', {
      processor: (envelope, delivery) =>
        bus.processor(envelope, delivery).catch((e) => (errors.push(e), Promise.reject(e))),
    });
    await eventually(async () => (await bus.stats(['work'])).work!.failed === 1);
    expect(done).toEqual(['first', 'third']);
    expect(errors[0]).toBeInstanceOf(HandlerFailedError);
    expect((errors[0] as HandlerFailedError).failures.map((f) => f.handler)).toEqual(['broken']);
    expect(logsOf(bus).find((l) => l.outcome === 'failed')).toMatchObject({ type: 'test.ping', attempt: 1 });
    await consumer.close();
  });

  it('fails a message without a handler into the failed store instead of losing it', async () => {
    const bus = testBus(testApp([], { queues: { work: { retry: { maxRetries: 3, delay: 10 } } } }));
    await bus.dispatch(orphan, {});
    const consumer = bus.consume('work');
    // NoHandlerError is unrecoverable: failed at the first attempt despite maxRetries 3
    await eventually(async () => (await bus.stats(['work'])).work!.failed === 1);
    const failure = logsOf(bus).find((l) => l.outcome === 'failed') as {
      error: { name: string };
      attempt: number;
    };
    expect(failure.error.name).toBe(NoHandlerError.name);
    expect(failure.attempt).toBe(1);
    await consumer.close();
  });

  it('rejects an invalid body at dispatch with every field path', async () => {
    const bus = testBus(testApp());
    const error = await bus.dispatch('test.ping', { n: 'x', extra: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: 'n' })]);
    expect((await bus.stats(['work'])).work).toMatchObject({ waiting: 0, prioritized: 0 });
  });

  it('rejects a type without a route', async () => {
    const bus = testBus(testApp([], { routing: { 'other.*': 'work' } }));
    await expect(bus.dispatch(ping, { n: 1 })).rejects.toBeInstanceOf(RoutingError);
  });

  it('sends a batch in order and reports one result per message', async () => {
    const bus = testBus(testApp());
    const results = await bus.dispatchBatch([1, 2, 3].map((n) => ({ type: ping, body: { n } })));
    expect(results.map((r) => r.queue)).toEqual(['work', 'work', 'work']);
    expect(new Set(results.map((r) => r.id)).size).toBe(3);
    expect((await bus.stats(['work'])).work!.prioritized).toBe(3);
  });
});
