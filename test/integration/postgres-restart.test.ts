import type { Symphony } from '../../src/bus/symphony';
import { closeTestBuses, eventually, logsOf, testBus } from '../helpers/bus';
import {
  pausePostgres,
  restartPostgres,
  resumePostgres,
  startPostgres,
  stopPostgres,
  type TestPostgres,
} from '../helpers/postgres';
import { uniqueSchema } from '../helpers/sql';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

/**
 * Finding 7 of issue 12 on a PostgreSQL of this file's own (the shared one must stay up): a
 * completion that meets a server that is down is retried, logged at warn with the message id, and
 * recorded once the server is back; workers fetch again at once; dispatches while it is down are
 * refused with TRANSPORT_UNAVAILABLE instead of raw node-postgres codes.
 */
let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterEach(async () => {
  // A test that failed while the server was stopped must not take the next ones down with it.
  if (server.process.exitCode !== null || server.process.signalCode !== null) await resumePostgres(server);
  await closeTestBuses();
});
afterAll(async () => {
  if (server) await stopPostgres(server);
});

interface Held {
  bus: Symphony;
  handled: number[];
  /** Resolves when message 0 is being handled; message 0 finishes once `release` is called. */
  holding: Promise<void>;
  release: () => void;
}

function heldBus(config: { lockDurationMs?: number; stalledIntervalMs?: number } = {}): Held {
  const handled: number[] = [];
  let release!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const holding = new Promise<void>((resolve) => (started = resolve));
  const handler = defineHandler(ping, async ({ n }) => {
    handled.push(n);
    if (n !== 0 || handled.filter((m) => m === 0).length > 1) return;
    started();
    await gate;
  });
  const app = testApp([handler], { queues: { work: { concurrency: 2, retry: { maxRetries: 0 } } } });
  const bus = testBus(app, { defaultDsn: `${server.url}?schema=${uniqueSchema()}`, ...config });
  return { bus, handled, holding, release };
}

const warnings = (bus: Symphony, id: string) =>
  logsOf(bus).filter((line) => line.level === 40 && line.id === id);

describe('PostgreSQL restarted under a worker', () => {
  it('records the completion that met the outage once the server is back, and works on at once', async () => {
    const { bus, handled, holding, release } = heldBus();
    const first = await bus.dispatch(ping, { n: 0 });
    const consumer = bus.consume('work');
    await holding;

    await pausePostgres(server);
    await expect(bus.dispatch(ping, { n: -1 })).rejects.toMatchObject({
      code: 'TRANSPORT_UNAVAILABLE',
      ambiguous: false,
    });
    release(); // its completion now meets a server that is down
    await eventually(() => warnings(bus, first.id).some((l) => /not recorded/.test(String(l.msg))));
    await resumePostgres(server);

    for (let n = 1; n <= 5; n++) await bus.dispatch(ping, { n });
    // BullMQ's own retry delay kept workers idle for 15 s after a restart; 10 s is a lot more than
    // the fraction of a second a resumed worker now takes.
    await eventually(() => handled.filter((n) => n > 0).length === 5, Boolean, 10_000);
    await eventually(async () => (await bus.stats(['work'])).work!.completed === 6);
    expect(handled.filter((n) => n === 0)).toHaveLength(1);
    expect((await bus.stats(['work'])).work).toMatchObject({ active: 0, failed: 0 });
    await consumer.close();
  });

  it('resumes after a restart mid-drain with every message handled once', async () => {
    const { bus, handled, holding, release } = heldBus();
    await bus.dispatch(ping, { n: 0 });
    for (let n = 1; n <= 40; n++) await bus.dispatch(ping, { n });
    const consumer = bus.consume('work');
    await holding;
    await restartPostgres(server);
    release();
    await eventually(async () => (await bus.stats(['work'])).work!.completed === 41, Boolean, 60_000);
    expect([...handled].sort((a, b) => a - b)).toEqual(Array.from({ length: 41 }, (_, n) => n));
    await consumer.close();
  });

  it('logs a completion lost when the server stays away longer than the lock, and the message runs again', async () => {
    const { bus, handled, holding, release } = heldBus({ lockDurationMs: 1000, stalledIntervalMs: 500 });
    const first = await bus.dispatch(ping, { n: 0 });
    const consumer = bus.consume('work');
    await holding;
    await pausePostgres(server);
    release();
    await eventually(() => warnings(bus, first.id).some((l) => /lost/.test(String(l.msg))), Boolean);
    await resumePostgres(server);
    await eventually(async () => (await bus.stats(['work'])).work!.completed === 1, Boolean);
    expect(handled).toEqual([0, 0]);
    await consumer.close();
  });
});
