import { Worker } from '../../src/worker/worker';
import { closeTestBuses, eventually } from '../helpers/bus';
import { contractBus, job, sleep } from './harness';
import { contractTargets } from './targets';

afterEach(closeTestBuses);

describe.each(contractTargets)('contract on $name: worker queue order', (target) => {
  it('serves a later queue only while the earlier ones have nothing waiting (--queues a,b)', async () => {
    // q.critical is the dedicated queue of q; both are consumed by one worker, critical first
    const { bus, seen } = contractBus(target, { priorityQueues: { critical: 'q.critical' } }, () =>
      sleep(10),
    );
    await bus.dispatchBatch(
      Array.from({ length: 5 }, (_, n) => ({ type: job, body: { n, label: 'normal' } })),
    );
    await bus.dispatchBatch(
      Array.from({ length: 15 }, (_, n) => ({
        type: job,
        body: { n: 100 + n, label: 'critical' },
        options: { priority: 'critical' as const },
      })),
    );
    const worker = new Worker(bus, {
      queues: ['q.critical', 'q'],
      concurrency: 1,
      shutdownTimeoutSeconds: 5,
      queueOrder: 'ordered',
    });
    await worker.start();
    await eventually(() => seen.length === 20);
    await worker.stop();
    const labels = seen.map((s) => s.envelope.body.label);
    expect(labels).toEqual([...Array(15).fill('critical'), ...Array(5).fill('normal')]);
  });
});
