import { z } from 'zod';
import { defineApp } from '../../src/bus/app-definition';
import { defineHandler } from '../../src/handling/handler-registry';
import { defineMessage } from '../../src/message/define-message';
import { DEFAULT_RETRY } from '../../src/retry/retry-strategy';
import { closeTestBuses, eventually, testBus } from '../helpers/bus';
import { watchTimerLateness } from '../helpers/timer-lateness';
import { contractTargets, type ContractTarget } from './targets';

afterEach(closeTestBuses);

/** Falls back to the queue's retry options: no override. */
const plain = defineMessage('contract.plain', z.object({ n: z.number().int() }));
/** Overrides only maxRetries; delay, multiplier and jitter still come from the queue. */
const more = defineMessage('contract.more', z.object({ n: z.number().int() }), { retry: { maxRetries: 2 } });
/** Overrides maxRetries downwards. */
const fewer = defineMessage('contract.fewer', z.object({ n: z.number().int() }), {
  retry: { maxRetries: 0 },
});

interface Attempt {
  type: string;
  attempt: number;
  at: number;
}

/** A bus on the target whose queue `q` retries 3 times, 20 ms apart, with handlers that always throw. */
function failingBus(target: ContractTarget) {
  const attempts: Attempt[] = [];
  const failing = (type: string) => (_body: unknown, envelope: { attempt: number }) => {
    attempts.push({ type, attempt: envelope.attempt, at: Date.now() });
    throw new Error(`${type} provider down`);
  };
  const app = defineApp({
    messages: [plain, more, fewer],
    routing: { 'contract.*': 'q' },
    queues: { q: { concurrency: 1, retry: { maxRetries: 3, delay: 20, multiplier: 1, jitter: 0 } } },
    handlers: [
      defineHandler(plain, failing(plain.type)),
      defineHandler(more, failing(more.type)),
      defineHandler(fewer, failing(fewer.type)),
    ],
  });
  const bus = testBus(app, { defaultDsn: target.dsn(), lockDurationMs: 5_000, stalledIntervalMs: 5_000 });
  return { bus, attempts };
}

const attemptsOf = (attempts: Attempt[], type: string) =>
  attempts.filter((a) => a.type === type).map((a) => a.attempt);

describe.each(contractTargets)('contract on $name: per-message-type retry override', (target) => {
  it("makes maxRetries+1 attempts from the type's retry options, not the queue's", async () => {
    const { bus, attempts } = failingBus(target);
    await bus.dispatch(plain, { n: 1 });
    await bus.dispatch(more, { n: 2 });
    await bus.dispatch(fewer, { n: 3 });
    const consumer = bus.consume('q');
    await eventually(async () => (await bus.stats(['q'])).q!.failed === 3);

    expect(attemptsOf(attempts, plain.type)).toEqual([1, 2, 3, 4]); // the queue's maxRetries: 3
    expect(attemptsOf(attempts, more.type)).toEqual([1, 2, 3]); // the type's maxRetries: 2
    expect(attemptsOf(attempts, fewer.type)).toEqual([1]); // the type's maxRetries: 0
    expect((await bus.stats(['q'])).q).toMatchObject({ completed: 0, delayed: 0, waiting: 0 });
    await consumer.close();
  });

  it("keeps the queue's other retry options for fields the type does not override", async () => {
    const { bus, attempts } = failingBus(target);
    const lateness = watchTimerLateness();
    await bus.dispatch(more, { n: 1 });
    const consumer = bus.consume('q');
    await eventually(async () => (await bus.stats(['q'])).q!.failed === 1);
    const late = lateness.stop();

    const runs = attempts.filter((a) => a.type === more.type);
    expect(runs.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // The queue's 20 ms delay, not the default 1 s (minus at most 10 % jitter).
    const floorOfDefault = DEFAULT_RETRY.delay * (1 - DEFAULT_RETRY.jitter);
    for (let n = 1; n < runs.length; n++) {
      const gap = runs[n]!.at - runs[n - 1]!.at;
      expect(gap).toBeGreaterThanOrEqual(20 - 5);
      expect(gap).toBeLessThan(Math.min(floorOfDefault, 20 + target.latencyMs + 200 + late));
    }
    await consumer.close();
  });
});
