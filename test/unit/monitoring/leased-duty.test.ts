import { createLogger } from '../../../src/logger';
import { LeasedDuty } from '../../../src/monitoring/leased-duty';
import { MemoryLeaseStore } from '../../../src/monitoring/memory-cluster-store';
import { eventually } from '../../helpers/bus';

const duties: LeasedDuty[] = [];
afterEach(async () => {
  await Promise.all(duties.splice(0).map((d) => d.stop()));
});

function duty(leases: MemoryLeaseStore, run: () => Promise<void>, onLost?: () => void): LeasedDuty {
  const made = new LeasedDuty({
    name: 'alerts',
    leases,
    intervalMs: 20,
    logger: createLogger('silent'),
    run,
    onLost,
  });
  duties.push(made);
  return made;
}

describe('a duty one process of the cluster does at a time', () => {
  it('only the holder works; a clean stop hands the lease to the next process at once', async () => {
    const leases = new MemoryLeaseStore();
    const runs = { a: 0, b: 0 };
    const a = duty(leases, async () => void runs.a++);
    a.start();
    await eventually(() => runs.a >= 3);
    const b = duty(leases, async () => void runs.b++);
    b.start();
    await eventually(() => runs.a >= 10);
    expect([a.leading, b.leading, runs.b]).toEqual([true, false, 0]);
    await a.stop();
    expect(await leases.holder('alerts')).toBeUndefined();
    await eventually(() => runs.b >= 3); // at b's next renewal, not after a lease time
    expect(b.leading).toBe(true);
  });

  it('never runs its work twice at once, however slow it is', async () => {
    let running = 0;
    let most = 0;
    const slow = duty(new MemoryLeaseStore(), async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 100));
      running--;
    });
    slow.start();
    await eventually(() => most >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300)); // many intervals of 20 ms
    expect(most).toBe(1);
  });

  it('gives the work up (onLost) when another process took the lease, and survives failing work', async () => {
    const leases = new MemoryLeaseStore();
    let lost = 0;
    const a = duty(
      leases,
      async () => {
        throw new Error('store blip');
      },
      () => void lost++,
    );
    a.start();
    await eventually(() => a.leading);
    // as if its renewals had stopped reaching the store: the lease expired and another took it
    await leases.release('alerts', a.holder);
    expect(await leases.acquire('alerts', 'other-process', 60_000)).toBe(true);
    await eventually(() => lost === 1);
    expect(a.leading).toBe(false);
  });
});
