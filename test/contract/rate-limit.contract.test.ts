import { closeTestBuses, eventually } from '../helpers/bus';
import { contractBus, job } from './harness';
import { contractTargets } from './targets';

afterEach(closeTestBuses);

/** A provider's sending limit declared on the queue: at most `max` starts per window, over all workers. */
describe.each(contractTargets)('contract on $name: queue rate limit', (target) => {
  it('starts at most max messages per window, across two consumers', async () => {
    const rateLimit = { max: 2, durationMs: 1500 };
    const { bus, seen } = contractBus(target, { concurrency: 5, rateLimit });
    await bus.dispatchBatch([1, 2, 3, 4, 5].map((n) => ({ type: job, body: { n } })));
    const consumers = [bus.consume('q'), bus.consume('q')];
    await eventually(async () => (await bus.stats(['q'])).q!.completed === 5);
    // Windows do not overlap, so the 5th start is in the 3rd window, two windows after the 1st
    // (unthrottled, all five start at once). Handler starts lag the claim by the store's latency:
    // one full window is the bound that holds on a loaded machine.
    const starts = seen.map((s) => s.at).sort((a, b) => a - b);
    expect(starts[4]! - starts[0]!).toBeGreaterThanOrEqual(rateLimit.durationMs);
    await Promise.all(consumers.map((c) => c.close()));
  });
});
