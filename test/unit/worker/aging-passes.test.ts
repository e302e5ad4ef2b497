import { Worker } from '../../../src/worker/worker';
import { contractBus, sleep } from '../../contract/harness';
import { closeTestBuses, eventually } from '../../helpers/bus';

afterEach(closeTestBuses);

it('runs one aging pass at a time per queue, however slow the store is', async () => {
  const { bus } = contractBus(
    { name: 'memory', dsn: () => 'memory://', latencyMs: 50 },
    {
      aging: { afterMs: 1_000, checkEveryMs: 1 },
    },
  );
  const aging = bus.queues.transport('q').aging!;
  let running = 0;
  let most = 0;
  let passes = 0;
  aging.reprioritize = async () => {
    most = Math.max(most, ++running);
    await sleep(30); // a pass far slower than the check interval
    running--;
    passes++;
    return 0;
  };
  const worker = new Worker(bus, { queues: ['q'], concurrency: 1, shutdownTimeoutSeconds: 5 });
  await worker.start();
  await eventually(() => passes >= 3);
  await worker.stop();
  expect(most).toBe(1);
});
