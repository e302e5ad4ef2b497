import { closeTestBuses, eventually, redisUrl, testBus } from '../helpers/bus';
import { dropTestSchemas, postgresDsn, withDatabase } from '../helpers/sql';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);
afterAll(dropTestSchemas);

describe('the bus on BullMQ over PostgreSQL', () => {
  it('handles a dispatched message and counts it', async () => {
    const seen: number[] = [];
    const bus = testBus(testApp([defineHandler(ping, ({ n }) => void seen.push(n))]), {
      defaultDsn: postgresDsn(),
    });
    await bus.dispatch(ping, { n: 7 });
    expect((await bus.stats(['work'])).work).toMatchObject({ prioritized: 1, completed: 0 });
    const consumer = bus.consume('work');
    await eventually(async () => (await bus.stats(['work'])).work!.completed === 1);
    expect(seen).toEqual([7]);
    await consumer.close();
  });

  it('keeps its tables in the schema named by the DSN', async () => {
    const dsn = postgresDsn();
    const schema = new URL(dsn).searchParams.get('schema')!;
    const bus = testBus(testApp(), { defaultDsn: dsn });
    await bus.dispatch(ping, { n: 1 });
    const rows = await withDatabase(async (db) => {
      const found = await db.query(
        'SELECT table_schema FROM information_schema.tables WHERE table_name = $1',
        ['job'],
      );
      return found.rows.map((r: { table_schema: string }) => r.table_schema);
    });
    expect(rows).toContain(schema);
    expect(rows).not.toContain('bullmq');
  });

  it('runs higher priority first', async () => {
    const seen: string[] = [];
    const bus = testBus(
      testApp([defineHandler(ping, (_body, envelope) => void seen.push(String(envelope.priority)))]),
      { defaultDsn: postgresDsn() },
    );
    for (const priority of ['low', 'normal', 'high', 'critical'] as const) {
      await bus.dispatch(ping, { n: 1 }, { priority });
    }
    const consumer = bus.consume('work', { concurrency: 1 });
    await eventually(() => seen.length === 4);
    expect(seen).toEqual(['critical', 'high', 'normal', 'low']);
    await consumer.close();
  });

  it('holds a delayed message back, then handles it', async () => {
    const seen: number[] = [];
    const bus = testBus(testApp([defineHandler(ping, ({ n }) => void seen.push(n))]), {
      defaultDsn: postgresDsn(),
    });
    await bus.dispatch(ping, { n: 1 }, { delay: 500 });
    expect((await bus.stats(['work'])).work!.delayed).toBe(1);
    const consumer = bus.consume('work');
    await eventually(() => seen.length === 1);
    expect((await bus.stats(['work'])).work!.delayed).toBe(0);
    await consumer.close();
  });

  it('drops a duplicate idempotency key and names the kept message', async () => {
    const bus = testBus(testApp(), { defaultDsn: postgresDsn() });
    const first = await bus.dispatch(ping, { n: 1 }, { idempotencyKey: 'order-1' });
    const second = await bus.dispatch(ping, { n: 2 }, { idempotencyKey: 'order-1' });
    expect(second).toMatchObject({ deduplicated: true, existingId: first.id });
    expect((await bus.stats(['work'])).work!.prioritized).toBe(1);
  });

  it('retries, then keeps the message in the failed store', async () => {
    let attempts = 0;
    const bus = testBus(
      testApp(
        [
          defineHandler(ping, () => {
            attempts++;
            throw new Error('smtp down');
          }),
        ],
        { queues: { work: { retry: { maxRetries: 2, delay: 10 } } } },
      ),
      { defaultDsn: postgresDsn() },
    );
    const { id } = await bus.dispatch(ping, { n: 1 });
    const consumer = bus.consume('work');
    await eventually(async () => (await bus.stats(['work'])).work!.failed === 1);
    expect(attempts).toBe(3);
    const failed = await bus.queues.transport('work').failed!.getFailed('work', id);
    expect(failed).toMatchObject({
      id,
      type: 'test.ping',
      attemptsMade: 3,
      error: { message: expect.stringContaining('smtp down') },
    });
    await consumer.close();
  });

  it('grows its pool for each consumer, so pool=1 still serves three queues', async () => {
    const seen: string[] = [];
    const app = testApp([defineHandler(ping, (_b, envelope) => void seen.push(envelope.queue))], {
      queues: { a: {}, b: {}, c: {} },
      routing: { 'test.*': 'a' },
    });
    const bus = testBus(app, { defaultDsn: postgresDsn({ pool: '1' }) });
    const consumers = ['a', 'b', 'c'].map((q) => bus.consume(q));
    await Promise.all(consumers.map((c) => c.ready()));
    for (const queue of ['a', 'b', 'c']) await bus.dispatch(ping, { n: 1 }, { queue });
    await eventually(() => seen.length === 3);
    expect(seen.sort()).toEqual(['a', 'b', 'c']);
    await Promise.all(consumers.map((c) => c.close()));
  });

  it('mixes queues on Redis and on PostgreSQL in one app', async () => {
    const seen: string[] = [];
    const app = testApp([defineHandler(ping, (_b, envelope) => void seen.push(envelope.queue))], {
      queues: { work: { dsn: postgresDsn() }, fast: { dsn: redisUrl() } },
    });
    const bus = testBus(app);
    await bus.dispatch(ping, { n: 1 }, { queue: 'work' });
    await bus.dispatch(ping, { n: 2 }, { queue: 'fast' });
    expect(bus.queues.transport('work').kind).toBe('postgres');
    expect(bus.queues.transport('fast').kind).toBe('redis');
    const consumers = [bus.consume('work'), bus.consume('fast')];
    await eventually(() => seen.length === 2);
    expect(seen.sort()).toEqual(['fast', 'work']);
    await Promise.all(consumers.map((c) => c.close()));
  });
});
