import { PRIORITY_LEVELS } from '../../src/bus/priority';
import type { PriorityLevel } from '../../src/message/envelope';
import { Worker } from '../../src/worker/worker';
import { closeTestBuses, eventually } from '../helpers/bus';
import { contractBus, job, sleep } from './harness';
import { contractTargets } from './targets';

afterEach(closeTestBuses);

const LEVELS: PriorityLevel[] = ['critical', 'high', 'normal', 'low'];
const BACKLOG = 30;

describe.each(contractTargets)('contract on $name: priority', (target) => {
  it('handles 1,000 mixed messages in strict level order', async () => {
    const { bus, seen } = contractBus(target, {});
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const items = Array.from({ length: 1000 }, (_, n) => ({
      type: job,
      body: { n, label: LEVELS[Math.floor(random() * 4)]! },
    }));
    await bus.dispatchBatch(
      items.map((i) => ({ ...i, options: { priority: i.body.label as PriorityLevel } })),
    );
    const consumer = bus.consume('q', { concurrency: 1 });
    await eventually(() => seen.length === 1000, Boolean, 540_000); // one at a time: minutes on a loaded machine
    const ranks = seen.map((s) => PRIORITY_LEVELS[s.envelope.body.label as PriorityLevel]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    // within a level, first in first out
    for (const level of LEVELS) {
      const ns = seen.filter((s) => s.envelope.body.label === level).map((s) => s.envelope.body.n);
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
    }
    await consumer.close();
  }, 600_000);

  it('runs a later higher-level message before every waiting lower-level one', async () => {
    const { bus, seen } = contractBus(target, {});
    for (let n = 0; n < 20; n++) await bus.dispatch(job, { n, label: 'low' }, { priority: 'low' });
    await bus.dispatch(job, { n: 99, label: 'critical' }, { priority: 'critical' });
    const consumer = bus.consume('q');
    await eventually(() => seen.length === 21);
    expect(seen[0]!.envelope.body.n).toBe(99);
    await consumer.close();
  });

  it('routes a level to its dedicated queue', async () => {
    const { bus } = contractBus(target, { priorityQueues: { critical: 'q.critical' } });
    expect((await bus.dispatch(job, { n: 1 }, { priority: 'critical' })).queue).toBe('q.critical');
    expect((await bus.dispatch(job, { n: 2 }, { priority: 'high' })).queue).toBe('q');
  });

  it('promotes a starved low message under continuous high load (aging)', async () => {
    const { bus, seen } = contractBus(target, { aging: { afterMs: 300, checkEveryMs: 100 } }, () =>
      sleep(15),
    );
    const isLow = (s: { envelope: { body: { n: number } } }) => s.envelope.body.n === -1;
    await bus.dispatch(job, { n: -1, label: 'low' }, { priority: 'low' });
    // Keep BACKLOG high messages waiting whatever the worker's speed (a loaded machine makes it
    // slow): without aging the low one would never run.
    let dispatched = 0;
    const topUp = async () => {
      const missing = BACKLOG - (dispatched - seen.filter((s) => !isLow(s)).length);
      if (missing <= 0) return;
      await bus.dispatchBatch(
        Array.from({ length: missing }, (_, i) => ({
          type: job,
          body: { n: dispatched + i, label: 'high' },
          options: { priority: 'high' as const },
        })),
      );
      dispatched += missing;
    };
    await topUp();
    let producing = true;
    const producer = (async () => {
      while (producing) await topUp().then(() => sleep(10));
    })();
    const worker = new Worker(bus, { queues: ['q'], concurrency: 1, shutdownTimeoutSeconds: 5 });
    let waitingHigh: number;
    try {
      await worker.start();
      await eventually(() => seen.some(isLow), Boolean, 120_000);
      waitingHigh = (await bus.stats(['q'])).q!.prioritized;
    } finally {
      producing = false;
      await producer;
      await worker.stop();
    }
    expect(waitingHigh).toBeGreaterThan(0); // the low one ran while high work was still waiting
    expect(seen.findIndex(isLow)).toBeGreaterThan(0); // and not merely first
  }, 180_000);
});
