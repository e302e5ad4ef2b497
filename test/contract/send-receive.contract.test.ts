import { closeTestBuses, eventually } from '../helpers/bus';
import { contractBus, job } from './harness';
import { contractTargets } from './targets';

afterEach(closeTestBuses);

describe.each(contractTargets)('contract on $name: send, receive, delay', (target) => {
  it('handles a sent message once, with its envelope metadata', async () => {
    const { bus, seen } = contractBus(target, {});
    const sent = await bus.dispatch(job, { n: 1 }, { correlationId: 'corr-1', headers: { tenant: 'acme' } });
    const consumer = bus.consume('q');
    await eventually(() => seen.length === 1);
    await eventually(async () => (await bus.stats(['q'])).q!.completed === 1);
    expect(seen[0]!.envelope).toMatchObject({
      id: sent.id,
      type: 'contract.job',
      queue: 'q',
      body: { n: 1 },
      correlationId: 'corr-1',
      headers: { tenant: 'acme' },
      attempt: 1,
    });
    await consumer.close();
  });

  it('does not handle a delayed message before its time (delay and availableAt)', async () => {
    const { bus, seen } = contractBus(target, {});
    const consumer = bus.consume('q');
    await consumer.ready(); // time the delay, not the store's first connection (an embedded store opens in-process)
    const before = Date.now();
    await bus.dispatch(job, { n: 1 }, { delay: 400 });
    await bus.dispatch(job, { n: 2 }, { availableAt: new Date(before + 600).toISOString() });
    await eventually(() => seen.length === 2);
    expect(seen[0]!.at - before).toBeGreaterThanOrEqual(400);
    expect(seen[1]!.envelope.body.n).toBe(2);
    expect(seen[1]!.at - before).toBeGreaterThanOrEqual(600);
    await consumer.close();
  });

  it('sends a dispatchBatch in one go and handles every item', async () => {
    const { bus, seen } = contractBus(target, { concurrency: 5 });
    const results = await bus.dispatchBatch(
      Array.from({ length: 120 }, (_, n) => ({ type: job, body: { n } })),
    );
    expect(results).toHaveLength(120);
    expect(new Set(results.map((r) => r.id)).size).toBe(120);
    const consumer = bus.consume('q');
    await eventually(() => seen.length === 120);
    expect(new Set(seen.map((s) => s.envelope.body.n)).size).toBe(120);
    await consumer.close();
  });
});
