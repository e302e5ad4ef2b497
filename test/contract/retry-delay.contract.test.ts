import { RecoverableError } from '../../src/errors';
import { closeTestBuses, eventually } from '../helpers/bus';
import { contractBus, job } from './harness';
import { contractTargets } from './targets';

afterEach(closeTestBuses);

/** A handler that knows when to come back (an upstream Retry-After) overrides the retry strategy. */
describe.each(contractTargets)('contract on $name: retry delay asked by the handler', (target) => {
  it('waits the delay a RecoverableError asks for instead of the strategy delay', async () => {
    const { bus, seen } = contractBus(target, { retry: { maxRetries: 3, delay: 10, jitter: 0 } }, () => {
      if (seen.length === 1) throw new RecoverableError('429 Too Many Requests', { retryDelayMs: 800 });
    });
    await bus.dispatch(job, { n: 1 });
    const consumer = bus.consume('q');
    await eventually(async () => (await bus.stats(['q'])).q!.completed === 1);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(800 - 5);
    await consumer.close();
  });

  it('counts an ordinary error carrying a delay against maxRetries', async () => {
    const { bus, seen } = contractBus(target, { retry: { maxRetries: 1, delay: 600_000, jitter: 0 } }, () => {
      throw Object.assign(new Error('503 Service Unavailable'), { retryDelayMs: 50 });
    });
    await bus.dispatch(job, { n: 1 });
    const consumer = bus.consume('q');
    // The strategy's 10 minutes would outlast the deadline: the 50 ms asked for is what is waited.
    await eventually(async () => (await bus.stats(['q'])).q!.failed === 1);
    expect(seen).toHaveLength(2);
    await consumer.close();
  });
});
