import { RecoverableError, UnrecoverableError } from '../../src/errors';
import { RetryStrategy } from '../../src/retry/retry-strategy';
import { closeTestBuses, eventually } from '../helpers/bus';
import { watchTimerLateness } from '../helpers/timer-lateness';
import { contractBus, job } from './harness';
import { contractTargets } from './targets';

afterEach(closeTestBuses);

describe.each(contractTargets)('contract on $name: retry', (target) => {
  it('waits min(delay*multiplier^(n-1), maxDelay) within the jitter band between attempts', async () => {
    const retry = { maxRetries: 4, delay: 200, multiplier: 2, maxDelay: 500, jitter: 0.5 };
    const { bus, seen } = contractBus(target, { retry }, () => {
      throw new Error('provider down');
    });
    const lateness = watchTimerLateness();
    await bus.dispatch(job, { n: 1 });
    const consumer = bus.consume('q');
    await eventually(async () => (await bus.stats(['q'])).q!.failed === 1);
    const late = lateness.stop();
    expect(seen.map((s) => s.envelope.attempt)).toEqual([1, 2, 3, 4, 5]);
    const strategy = new RetryStrategy(retry);
    for (let n = 1; n < seen.length; n++) {
      const gap = seen[n]!.at - seen[n - 1]!.at;
      const base = strategy.baseDelay(n); // 200, 400, 500, 500
      expect(gap).toBeGreaterThanOrEqual(base * (1 - retry.jitter) - 5);
      expect(gap).toBeLessThanOrEqual(base + target.latencyMs + late);
    }
    await consumer.close();
  });

  it('fails an UnrecoverableError at once, whatever maxRetries says', async () => {
    const { bus, seen } = contractBus(target, { retry: { maxRetries: 5, delay: 10 } }, () => {
      throw new UnrecoverableError('card declined');
    });
    await bus.dispatch(job, { n: 1 });
    const consumer = bus.consume('q');
    await eventually(async () => (await bus.stats(['q'])).q!.failed === 1);
    expect(seen).toHaveLength(1);
    await consumer.close();
  });

  it('keeps retrying a RecoverableError past maxRetries', async () => {
    const { bus, seen } = contractBus(target, { retry: { maxRetries: 1, delay: 20, jitter: 0 } }, () => {
      if (seen.length < 4) throw new RecoverableError('rate limited upstream');
    });
    await bus.dispatch(job, { n: 1 });
    const consumer = bus.consume('q');
    await eventually(async () => (await bus.stats(['q'])).q!.completed === 1);
    expect(seen.length).toBe(4);
    expect((await bus.stats(['q'])).q!.failed).toBe(0);
    await consumer.close();
  });
});
