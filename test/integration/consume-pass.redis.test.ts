import { ValidationError } from '../../src/errors';
import { runConsumePass } from '../../src/worker/consume-pass';
import { closeTestBuses, testBus } from '../helpers/bus';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);

describe('a consume pass (HTTP-triggered work)', () => {
  it('handles exactly `limit` messages and reports what remains', async () => {
    const seen: number[] = [];
    const bus = testBus(testApp([defineHandler(ping, ({ n }) => void seen.push(n))]));
    await bus.dispatchBatch([1, 2, 3, 4, 5].map((n) => ({ type: ping, body: { n } })));
    const result = await runConsumePass(bus, { limit: 3, timeLimitMs: 20_000 });
    expect(result).toEqual({ processed: 3, failed: 0, remaining: 2 });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('returns as soon as the queues are empty, counting failures', async () => {
    const bus = testBus(
      testApp([
        defineHandler(ping, ({ n }) => {
          if (n === 2) throw new Error('provider down');
        }),
      ]),
    );
    await bus.dispatchBatch([1, 2].map((n) => ({ type: ping, body: { n } })));
    const result = await runConsumePass(bus, { limit: 100, timeLimitMs: 20_000 });
    expect(result).toEqual({ processed: 2, failed: 1, remaining: 0 });
    expect((await bus.stats(['work'])).work).toMatchObject({ completed: 1, failed: 1 });
  });

  it('does nothing on empty queues', async () => {
    const bus = testBus(testApp());
    await expect(runConsumePass(bus, { limit: 10, timeLimitMs: 20_000 })).resolves.toEqual({
      processed: 0,
      failed: 0,
      remaining: 0,
    });
  });

  it('names unknown queues by their index', async () => {
    const bus = testBus(testApp());
    const error = await runConsumePass(bus, { queues: ['work', 'nope'], limit: 1, timeLimitMs: 1000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'queues.1', message: '"nope" is not a configured queue' },
    ]);
  });
});
