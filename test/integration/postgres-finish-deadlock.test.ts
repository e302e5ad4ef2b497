import pg from 'pg';
import { closeTestBuses, eventually, logsOf, testBus } from '../helpers/bus';
import { databaseUrl, dropTestSchemas, postgresDsn } from '../helpers/sql';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);
afterAll(dropTestSchemas);

/**
 * Finding 1 of issue 12, forced instead of waited for: PostgreSQL aborts a worker's
 * finish-and-fetch-next statement with `deadlock detected`. (The deadlock that was found, with the
 * stalled check, came from BullMQ's count retention inside that statement; Symphony now trims
 * completed messages outside it, so this test builds the cycle another way.) A side transaction
 * holds the worker's own row, then asks for the queue's finalization lock in exclusive mode, as
 * BullMQ's obliterate does: the worker's statement, which took that lock shared before reaching its
 * row, is the one aborted (the side waits with a long deadlock_timeout). Before the fix BullMQ then
 * failed the message with "deadlock detected" and ran it again.
 */
describe('a deadlock on the finish-and-fetch-next statement (PostgreSQL)', () => {
  it('retries the aborted completion: the message is handled once, completed, and a warning names it', async () => {
    const handled: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const dsn = postgresDsn();
    const schema = new URL(dsn).searchParams.get('schema')!;
    const bus = testBus(
      testApp(
        [
          defineHandler(ping, async ({ n }) => {
            handled.push(n);
            if (n === 2 && handled.length === 2) await gate;
          }),
        ],
        { queues: { work: { concurrency: 1, retry: { maxRetries: 2, delay: 10 } } } },
      ),
      { defaultDsn: dsn, retention: { completedCount: 1, failedAgeSeconds: 3600 } },
    );
    await bus.dispatch(ping, { n: 1 });
    const consumer = bus.consume('work');
    await eventually(async () => (await bus.stats(['work'])).work!.completed === 1);
    const second = await bus.dispatch(ping, { n: 2 });
    await eventually(() => handled.length === 2);

    const side = new pg.Client({ connectionString: databaseUrl() });
    await side.connect();
    try {
      await side.query('BEGIN');
      await side.query("SET LOCAL deadlock_timeout = '60s'");
      // Holds the row of the message in hand...
      await side.query(`UPDATE "${schema}".job SET stalled_marked = false WHERE id = $1`, [second.id]);
      release();
      // ...so the worker's finish statement, holding the queue's finalization lock shared, waits for it...
      const sidePid = (await side.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await eventually(async () => {
        const { rows } = await side.query<{ n: string }>(
          'SELECT count(*) AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
          [sidePid],
        );
        return Number(rows[0]!.n) > 0;
      });
      // ...and the side asks for that lock in exclusive mode: a cycle.
      await side.query("SELECT pg_advisory_xact_lock(hashtext('bullmq:finalization'), hashtext('work'))");
    } finally {
      await side.query('ROLLBACK').catch(() => undefined);
      await side.end();
    }

    await eventually(
      async () => (await bus.stats(['work'])).work!.completed === 1 && !(await isActive(bus, second.id)),
    );
    const counts = (await bus.stats(['work'])).work!;
    expect(handled).toEqual([1, 2]);
    expect(counts).toMatchObject({ failed: 0, active: 0, waiting: 0, delayed: 0, prioritized: 0 });
    expect(logsOf(bus)).toContainEqual(expect.objectContaining({ level: 40, id: second.id, code: '40P01' }));
    await consumer.close();
  });
});

async function isActive(bus: ReturnType<typeof testBus>, id: string): Promise<boolean> {
  const transport = bus.queues.transport('work') as unknown as {
    queue(name: string): { getJobState(id: string): Promise<string> };
  };
  return (await transport.queue('work').getJobState(id)) === 'active';
}
