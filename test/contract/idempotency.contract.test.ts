import { closeTestBuses, eventually } from '../helpers/bus';
import { contractBus, job, sleep } from './harness';
import { contractTargets } from './targets';

afterEach(closeTestBuses);

describe.each(contractTargets)('contract on $name: idempotency', (target) => {
  it('until-done drops a duplicate while the first is pending, accepts it once done, and counts it', async () => {
    const { bus, seen } = contractBus(target, {});
    const first = await bus.dispatch(job, { n: 1 }, { idempotencyKey: 'order-1' });
    const dup = await bus.dispatch(job, { n: 2 }, { idempotencyKey: 'order-1' });
    expect(first.deduplicated).toBe(false);
    expect(dup).toMatchObject({ deduplicated: true, existingId: first.id });
    const consumer = bus.consume('q');
    await eventually(async () => (await bus.stats(['q'])).q!.completed === 1);
    const again = await bus.dispatch(job, { n: 3 }, { idempotencyKey: 'order-1' });
    expect(again.deduplicated).toBe(false);
    await eventually(() => seen.length === 2);
    expect(seen.map((s) => s.envelope.body.n)).toEqual([1, 3]);
    const [record] = await bus.duplicates('order-1');
    expect(record).toMatchObject({
      key: 'order-1',
      queue: 'q',
      type: 'contract.job',
      duplicates: 1,
      keptId: first.id,
    });
    expect(Date.parse(record!.lastAt)).toBeGreaterThan(0);
    expect(await bus.duplicateTotals()).toEqual({ 'contract.job': 1 });
    await consumer.close();
  });

  it('window drops duplicates for windowMs after the first dispatch, even after it completed', async () => {
    const { bus, seen } = contractBus(target, {});
    const consumer = bus.consume('q');
    // a window that no loaded machine outlasts while the first message is handled
    const options = { idempotencyKey: 'digest', idempotencyMode: 'window' as const, windowMs: 120_000 };
    const first = await bus.dispatch(job, { n: 1 }, options);
    await eventually(async () => (await bus.stats(['q'])).q!.completed === 1);
    expect(await bus.dispatch(job, { n: 2 }, options)).toMatchObject({
      deduplicated: true,
      existingId: first.id,
    });
    expect(await bus.dispatch(job, { n: 3 }, options)).toMatchObject({ deduplicated: true });
    expect((await bus.duplicates('digest'))[0]!.duplicates).toBe(2);
    // a short window lapses with time alone, whatever became of its message
    const brief = { idempotencyKey: 'brief', idempotencyMode: 'window' as const, windowMs: 300 };
    await bus.dispatch(job, { n: 4 }, brief);
    await sleep(400);
    expect((await bus.dispatch(job, { n: 5 }, brief)).deduplicated).toBe(false);
    await eventually(() => seen.length === 3);
    expect(seen.map((s) => s.envelope.body.n).sort()).toEqual([1, 4, 5]);
    await consumer.close();
  });

  it('debounce replaces the pending body and restarts its delay', async () => {
    const { bus, seen } = contractBus(target, {});
    // a window long enough that a slow second dispatch on a loaded machine still lands inside it
    const options = { idempotencyKey: 'profile-7', idempotencyMode: 'debounce' as const, windowMs: 3000 };
    const first = await bus.dispatch(job, { n: 1 }, options);
    await sleep(200);
    const started = Date.now();
    const second = await bus.dispatch(job, { n: 2 }, options);
    expect(second).toMatchObject({ deduplicated: false, replacedId: first.id });
    const consumer = bus.consume('q');
    await eventually(() => seen.length === 1);
    expect(seen[0]!.envelope.body.n).toBe(2);
    expect(seen[0]!.at - started).toBeGreaterThanOrEqual(3000); // the delay restarted
    await sleep(200);
    expect(seen).toHaveLength(1); // the replaced message never runs
    expect((await bus.duplicates('profile-7'))[0]).toMatchObject({ duplicates: 1, keptId: second.id });
    await consumer.close();
  });

  it('debounce through dispatchBatch reports and counts the replaced message too', async () => {
    const { bus } = contractBus(target, {});
    const options = { idempotencyKey: 'batch-7', idempotencyMode: 'debounce' as const, windowMs: 5000 };
    const [first] = await bus.dispatchBatch([{ type: job, body: { n: 1 }, options }]);
    const [second] = await bus.dispatchBatch([{ type: job, body: { n: 2 }, options }]);
    expect(second).toMatchObject({ deduplicated: false, replacedId: first!.id });
    expect((await bus.duplicates('batch-7'))[0]).toMatchObject({ duplicates: 1, keptId: second!.id });
  });
});
