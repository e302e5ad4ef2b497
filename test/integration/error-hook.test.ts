import type { HandlerErrorEvent } from '../../src/bus/middleware/error-hook.middleware';
import { RecoverableError, UnrecoverableError } from '../../src/errors';
import { closeTestBuses, eventually, logsOf, testBus } from '../helpers/bus';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);

/** n < 0 fails for good (UnrecoverableError); n = 0 fails and is retried once; n > 0 is handled. */
const handler = defineHandler(ping, ({ n }) => {
  if (n < 0) throw new UnrecoverableError(`refused ${n}`);
  if (n === 0) throw new Error('flaky');
});

function busWith(
  events: HandlerErrorEvent[],
  options: { every?: boolean; dsn?: string; hook?: () => void } = {},
) {
  return testBus(
    testApp([handler], {
      queues: { work: { retry: { maxRetries: 1, delay: 10 } } },
      onError: (event) => {
        events.push(event);
        options.hook?.();
      },
      ...(options.every ? { onErrorAttempts: 'every' as const } : {}),
    }),
    options.dsn ? { defaultDsn: options.dsn } : {},
  );
}

describe('onError: the app hears about failed deliveries (an error tracker, say)', () => {
  it('by default once per message, on its final failure, with id, type, attempt and the error', async () => {
    const events: HandlerErrorEvent[] = [];
    const bus = busWith(events);
    const consumer = bus.consume('work');
    const flaky = await bus.dispatch(ping, { n: 0 });
    const refused = await bus.dispatch(ping, { n: -1 });
    await bus.dispatch(ping, { n: 1 });
    await eventually(() => events.length === 2);
    await eventually(async () => (await bus.stats(['work'])).work!.failed === 2);
    await consumer.close();
    const byId = new Map(events.map((e) => [e.id, e]));
    expect(byId.get(flaky.id)).toMatchObject({
      type: 'test.ping',
      queue: 'work',
      attempt: 2,
      maxAttempts: 2,
      final: true,
    });
    expect(byId.get(flaky.id)!.error.message).toContain('flaky');
    expect(byId.get(refused.id)).toMatchObject({ attempt: 1, final: true });
    expect(byId.get(refused.id)!.error).toBeInstanceOf(UnrecoverableError);
    expect(byId.get(refused.id)!.failures).toEqual([
      { handler: expect.any(String), error: byId.get(refused.id)!.error },
    ]);
  });

  it('on every failed attempt when asked, saying which one is final', async () => {
    const events: HandlerErrorEvent[] = [];
    const bus = busWith(events, { every: true, dsn: 'memory://' });
    await bus.dispatch(ping, { n: 0 });
    await eventually(async () => (await bus.flush(), events.length === 2));
    expect(events.map((e) => [e.attempt, e.final])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('a hook that throws is a log line, never a new failure or a lost retry', async () => {
    const events: HandlerErrorEvent[] = [];
    const bus = busWith(events, {
      dsn: 'memory://',
      hook: () => {
        throw new Error('tracker down');
      },
    });
    await bus.dispatch(ping, { n: -1 });
    await bus.flush();
    await eventually(() => logsOf(bus).some((l) => l.msg === 'onError hook failed'));
    expect(await bus.stats(['work'])).toMatchObject({ work: { failed: 1 } });
    expect(logsOf(bus).find((l) => l.msg === 'onError hook failed')).toMatchObject({ error: 'tracker down' });
  });

  it('a RecoverableError past the last attempt is re-delayed, not final: the hook is not called', async () => {
    const events: HandlerErrorEvent[] = [];
    let calls = 0;
    const bus = testBus(
      testApp(
        [
          defineHandler(ping, () => {
            calls++;
            throw new RecoverableError('try later', { retryDelayMs: 10 });
          }),
        ],
        { queues: { work: { retry: { maxRetries: 0 } } }, onError: (e) => void events.push(e) },
      ),
      { defaultDsn: 'memory://' },
    );
    await bus.dispatch(ping, { n: 5 });
    await eventually(async () => (await bus.flush(), calls >= 3));
    expect(events).toEqual([]);
  });
});
