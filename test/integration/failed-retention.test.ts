import { UnrecoverableError } from '../../src/errors';
import { Worker } from '../../src/worker/worker';
import { closeTestBuses, eventually, testBus } from '../helpers/bus';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);

describe.each(['redis', 'memory'])('failed-message retention on %s', (kind) => {
  it('a worker removes failed messages older than the retention, even on a quiet queue', async () => {
    const failing = defineHandler(ping, () => {
      throw new UnrecoverableError('always');
    });
    const dsn = kind === 'memory' ? { defaultDsn: 'memory://' } : {};
    const bus = testBus(testApp([failing]), {
      ...dsn,
      retention: { completedCount: 10, failedAgeSeconds: 1 },
    });
    await bus.dispatchBatch([1, 2].map((n) => ({ type: ping, body: { n } })));
    const consumer = bus.consume('work');
    await eventually(async () => (await bus.stats(['work'])).work!.failed === 2);
    await consumer.close();
    await new Promise((r) => setTimeout(r, 1100)); // let them age past the 1 s retention
    const worker = new Worker(bus, { queues: ['work'], shutdownTimeoutSeconds: 1 });
    await worker.start(); // sweeps on start
    await eventually(async () => (await bus.stats(['work'])).work!.failed === 0);
    await worker.stop();
  });
});
