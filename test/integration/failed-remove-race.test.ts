import type { Queue } from 'bullmq';
import pg from 'pg';
import type { Symphony } from '../../src/bus/symphony';
import { UnrecoverableError } from '../../src/errors';
import type { BullMqTransport } from '../../src/transport/bullmq/bullmq-transport';
import { closeTestBuses, eventually, redisUrl, testBus, uniquePrefix } from '../helpers/bus';
import { databaseUrl, dropTestSchemas, postgresDsn } from '../helpers/sql';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);
afterAll(dropTestSchemas);

/**
 * Finding 9 of issue 12: removing a failed message must not remove it when a retry lands between
 * the removal's check and its delete. The retry is forced into that moment: on Redis right before
 * the removal's first script runs, on PostgreSQL by a retry whose transaction holds the row while
 * the removal runs and commits once the removal waits for it.
 */
function failingBus(config: { defaultDsn?: string; redisPrefix?: string }): {
  bus: Symphony;
  handled: number[];
} {
  const handled: number[] = [];
  const handler = defineHandler(ping, async ({ n }) => {
    handled.push(n);
    if (handled.length === 1) throw new UnrecoverableError('first delivery fails');
  });
  return { bus: testBus(testApp([handler]), config), handled };
}

async function failedMessage(bus: Symphony): Promise<string> {
  const { id } = await bus.dispatch(ping, { n: 1 });
  const consumer = bus.consume('work');
  await eventually(async () => (await bus.stats(['work'])).work!.failed === 1);
  await consumer.close();
  return id;
}

const bullQueue = (bus: Symphony): Queue =>
  (bus.queues.transport('work') as unknown as BullMqTransport).queue('work');

async function expectWaitingAndHandledAgain(bus: Symphony, handled: number[], id: string): Promise<void> {
  expect(await bullQueue(bus).getJobState(id)).toMatch(/waiting|prioritized/);
  const consumer = bus.consume('work');
  await eventually(() => handled.length === 2);
  await consumer.close();
}

interface RawCommand {
  name: string;
}
type SendCommand = (command: RawCommand, ...rest: unknown[]) => unknown;

describe('removing a failed message while a retry lands', () => {
  it('Redis: keeps the message a retry made waiting again', async () => {
    const prefix = uniquePrefix();
    const { bus, handled } = failingBus({ redisPrefix: prefix });
    const other = testBus(testApp(), { redisPrefix: prefix }); // another operator, another connection
    const id = await failedMessage(bus);

    const client = await (
      bullQueue(bus).getBackend() as unknown as { client: Promise<{ sendCommand: SendCommand }> }
    ).client;
    const send = client.sendCommand;
    let retried = false;
    client.sendCommand = function (this: unknown, command, ...rest) {
      if (!retried && (command.name === 'evalsha' || command.name === 'eval')) {
        retried = true;
        return other.queues
          .transport('work')
          .failed!.retryFailed('work', id)
          .then(() => send.call(this, command, ...rest));
      }
      return send.call(this, command, ...rest);
    };
    const removed = await bus.queues.transport('work').failed!.removeFailed('work', id);
    client.sendCommand = send;

    expect(retried).toBe(true);
    expect(removed).toBe(false);
    await expectWaitingAndHandledAgain(bus, handled, id);
  });

  it('PostgreSQL: keeps the message a retry made waiting again', async () => {
    const dsn = postgresDsn();
    const schema = new URL(dsn).searchParams.get('schema')!;
    const { bus, handled } = failingBus({ defaultDsn: dsn });
    const id = await failedMessage(bus);

    const retry = new pg.Client({ connectionString: databaseUrl() });
    await retry.connect();
    let removal: Promise<boolean> | undefined;
    try {
      await retry.query('BEGIN');
      await retry.query(`SELECT "${schema}".reprocess_job('work', $1, 'failed', false, true, true)`, [id]);
      removal = bus.queues.transport('work').failed!.removeFailed('work', id);
      const retryPid = (await retry.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await eventually(async () => {
        const { rows } = await retry.query<{ n: string }>(
          'SELECT count(*) AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
          [retryPid],
        );
        return Number(rows[0]!.n) > 0; // the removal waits for the retry's row
      });
      await retry.query('COMMIT');
    } finally {
      await retry.query('ROLLBACK').catch(() => undefined);
      await retry.end();
    }

    expect(await removal).toBe(false);
    await expectWaitingAndHandledAgain(bus, handled, id);
  });

  it('Redis and PostgreSQL still remove a message that stays failed', async () => {
    for (const config of [{ defaultDsn: redisUrl() }, { defaultDsn: postgresDsn() }]) {
      const { bus } = failingBus(config);
      const id = await failedMessage(bus);
      expect(await bus.queues.transport('work').failed!.removeFailed('work', id)).toBe(true);
      expect(await bus.queues.transport('work').failed!.getFailed('work', id)).toBeUndefined();
      expect(await bullQueue(bus).getJob(id)).toBeUndefined();
    }
  });
});
