import { QueueControlService } from '../../src/control/queue-control.service';
import { contractBus, job, sleep } from '../contract/harness';
import { closeTestBuses, eventually } from '../helpers/bus';
import { contractTargets } from '../contract/targets';

afterEach(closeTestBuses);

const HANDLER_MS = 150;

/**
 * Runtime control applies to running workers without a restart, on every transport. On BullMQ's
 * PostgreSQL backend a worker at the global cap polls in a tight loop (its wait for work ends at
 * once while jobs are waiting, though none may be claimed); PGlite answers without real I/O, so
 * the embedded store's session lock yields to the event loop between queries to keep timers alive.
 */
const targets = contractTargets;

describe.each(targets)('runtime global concurrency on $name', (target) => {
  it('a running worker with local concurrency 5 runs one handler at a time after set(concurrency: 1)', async () => {
    let running = 0;
    let maxRunning = 0;
    const { bus } = contractBus(target, { concurrency: 5 }, async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await sleep(HANDLER_MS);
      running--;
    });
    const control = new QueueControlService(bus);
    const consumer = bus.consume('q');
    await consumer.ready();
    const completed = async () => (await bus.stats(['q'])).q!.completed;

    // Before: the worker's own concurrency lets several handlers overlap.
    await bus.dispatchBatch([0, 1, 2, 3, 4].map((n) => ({ type: job, body: { n } })));
    await eventually(async () => (await completed()) === 5);
    expect(maxRunning).toBeGreaterThan(1);

    // The same worker, still running, after a global concurrency of 1.
    expect(await control.set('q', { concurrency: 1 })).toMatchObject({ concurrency: 1 });
    maxRunning = 0;
    await bus.dispatchBatch(Array.from({ length: 12 }, (_, n) => ({ type: job, body: { n: 100 + n } })));
    await eventually(async () => (await completed()) === 17);
    expect(maxRunning).toBe(1);
    await consumer.close();
  });
});
