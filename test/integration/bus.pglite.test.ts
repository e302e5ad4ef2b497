import fs from 'node:fs';
import path from 'node:path';
import { DatabaseError } from '../../src/errors';
import { runCli } from '../fixtures/cli-process';
import { closeTestBuses, eventually, testBus } from '../helpers/bus';
import { pgliteDsn, removePgliteDirs } from '../helpers/sql';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);
afterAll(removePgliteDirs);

const failingApp = (seen: number[] = []) =>
  testApp(
    [
      defineHandler(ping, ({ n }) => {
        if (n < 0) throw new Error('negative');
        seen.push(n);
      }),
    ],
    { queues: { work: { retry: { maxRetries: 0 } } } },
  );

describe('the bus on the embedded store (pglite://)', () => {
  jest.setTimeout(60_000);

  it('handles, fails and counts messages like the server', async () => {
    const seen: number[] = [];
    const bus = testBus(failingApp(seen), { defaultDsn: pgliteDsn() });
    await bus.dispatch(ping, { n: 1 }, { priority: 'low' });
    await bus.dispatch(ping, { n: 2 }, { priority: 'critical' });
    await bus.dispatch(ping, { n: -1 });
    expect(bus.queues.transport('work').kind).toBe('pglite');
    const consumer = bus.consume('work', { concurrency: 1 });
    await eventually(async () => (await bus.stats(['work'])).work!.failed === 1);
    await eventually(() => seen.length === 2);
    expect(seen).toEqual([2, 1]);
    expect((await bus.stats(['work'])).work).toMatchObject({ completed: 2, failed: 1, prioritized: 0 });
    await consumer.close();
  });

  it('keeps queued and failed messages across a restart', async () => {
    const dsn = pgliteDsn();
    const first = testBus(failingApp(), { defaultDsn: dsn });
    await first.dispatch(ping, { n: -1 });
    const consumer = first.consume('work');
    await eventually(async () => (await first.stats(['work'])).work!.failed === 1);
    await consumer.close();
    await first.dispatch(ping, { n: 5 }, { idempotencyKey: 'k' });
    await first.close();

    const second = testBus(failingApp(), { defaultDsn: dsn });
    expect((await second.stats(['work'])).work).toMatchObject({ prioritized: 1, failed: 1 });
    expect(await second.dispatch(ping, { n: 6 }, { idempotencyKey: 'k' })).toMatchObject({
      deduplicated: true,
    });
  });

  it('fails fast, in one line, when a second process opens the same directory', async () => {
    const dsn = pgliteDsn();
    const bus = testBus(testApp(), { defaultDsn: dsn });
    await bus.dispatch(ping, { n: 1 });
    const other = await runCli(['stats'], { SYMPHONY_TRANSPORT_DSN: dsn, LOG_LEVEL: 'warn' }, 30_000);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(new RegExp(`^error: DB_STORE_LOCKED: .*open in process ${process.pid}`));
    expect(other.stderr.trim().split('\n')).toHaveLength(1);
    await bus.close();
    const after = await runCli(
      ['stats', '--json'],
      { SYMPHONY_TRANSPORT_DSN: dsn, LOG_LEVEL: 'warn' },
      30_000,
    );
    expect(after.code).toBe(0);
  });

  it('refuses a second open in the same process, and takes over a lock whose process is gone', async () => {
    const dsn = pgliteDsn();
    const bus = testBus(testApp(), { defaultDsn: dsn });
    await bus.dispatch(ping, { n: 1 });
    const twin = testBus(testApp(), { defaultDsn: `${dsn}/.` });
    const error = await twin.dispatch(ping, { n: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code: 'DB_STORE_LOCKED' });
    await bus.close();

    const dir = dsn.slice('pglite://'.length);
    fs.writeFileSync(path.join(dir, 'symphony.lock'), '2147483646'); // no such process
    const again = testBus(testApp(), { defaultDsn: dsn });
    expect((await again.stats(['work'])).work!.prioritized).toBe(1);
  });
});
