import { QueueControlService } from '../../src/control/queue-control.service';
import { contractBus, job } from '../contract/harness';
import { contractTargets } from '../contract/targets';
import { closeTestBuses, eventually } from '../helpers/bus';

afterEach(closeTestBuses);

/**
 * A rate limit set at runtime (queue:set --rate) reaches a worker that is already running, not
 * only the stored setting: the worker started without a limit, and its starts spread out after.
 */
describe.each(contractTargets)('runtime rate limit on $name', (target) => {
  it('a running worker started without a limit obeys one set afterwards', async () => {
    const { bus, seen } = contractBus(target, { concurrency: 5 });
    const control = new QueueControlService(bus);
    const consumer = bus.consume('q');
    await consumer.ready();
    const completed = async () => (await bus.stats(['q'])).q!.completed;

    await bus.dispatch(job, { n: 0 });
    await eventually(async () => (await completed()) === 1);

    const rateLimit = { max: 2, durationMs: 1500 };
    expect(await control.set('q', { rateLimit })).toMatchObject({ rateLimit });
    const before = seen.length;
    await bus.dispatchBatch([1, 2, 3, 4, 5].map((n) => ({ type: job, body: { n } })));
    await eventually(async () => (await completed()) === 6);
    // Unthrottled, all five would start at once (concurrency 5). Limited to 2 per window, the 5th
    // starts in the 3rd window: at least one whole window after the 1st, however slow the machine.
    const starts = seen
      .slice(before)
      .map((s) => s.at)
      .sort((a, b) => a - b);
    expect(starts).toHaveLength(5);
    expect(starts[4]! - starts[0]!).toBeGreaterThanOrEqual(rateLimit.durationMs);
    await consumer.close();
  });
});
