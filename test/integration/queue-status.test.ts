import type { SymphonyConfig } from '../../src/config/config';
import { queueStatus } from '../../src/status/queue-status';
import { closeTestBuses, eventually, testBus } from '../helpers/bus';
import { dropTestSchemas, pgliteDsn, postgresDsn, removePgliteDirs } from '../helpers/sql';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);
afterAll(async () => {
  await dropTestSchemas();
  removePgliteDirs();
});

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Two handled and one failed message on `work`, then the queue's status. */
async function statusAfterWork(config: Partial<SymphonyConfig>) {
  const app = testApp(
    [
      defineHandler(ping, ({ n }) => {
        if (n < 0) throw new Error('negative');
      }),
    ],
    { queues: { work: { retry: { maxRetries: 0 } } } },
  );
  const bus = testBus(app, config);
  for (const n of [1, 2, -1]) await bus.dispatch(ping, { n });
  const consumer = bus.consume('work');
  await eventually(async () => (await bus.stats(['work'])).work!.failed === 1);
  await consumer.close(); // a closed worker has written every count (Redis workers write once a second)
  return (await queueStatus(bus, ['work'])).work!;
}

describe('per-minute throughput in the queue status', () => {
  jest.setTimeout(60_000);

  it('counts what workers handled in the last hour on Redis', async () => {
    const { perMinute } = await statusAfterWork({});
    expect(perMinute!.completed).toHaveLength(60);
    expect(sum(perMinute!.completed)).toBe(2);
    expect(sum(perMinute!.failed)).toBe(1);
  });

  it('counts it on the embedded store, which records it', async () => {
    const { perMinute } = await statusAfterWork({ defaultDsn: pgliteDsn() });
    expect(sum(perMinute!.completed)).toBe(2);
    expect(sum(perMinute!.failed)).toBe(1);
  });

  it('counts it on PostgreSQL with metrics=on', async () => {
    const { perMinute } = await statusAfterWork({ defaultDsn: postgresDsn({ metrics: 'on' }) });
    expect(perMinute!.completed).toHaveLength(60);
    expect(sum(perMinute!.completed)).toBe(2);
    expect(sum(perMinute!.failed)).toBe(1);
  });

  it('is null, not 60 zeros, on PostgreSQL without metrics=on (nothing is recorded)', async () => {
    const status = await statusAfterWork({ defaultDsn: postgresDsn() });
    expect(status.counts).toMatchObject({ completed: 2, failed: 1 });
    expect(status.perMinute).toBeNull();
  });
});
