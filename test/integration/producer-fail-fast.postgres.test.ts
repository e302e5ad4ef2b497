import pg from 'pg';
import { createSymphony, type Symphony } from '../../src/bus/symphony';
import { defaultConfig } from '../../src/config/config';
import { createLogger } from '../../src/logger';
import { httpApp, tick } from '../fixtures/http-app';
import { eventually } from '../helpers/bus';
import { pausePostgres, resumePostgres, startPostgres, stopPostgres } from '../helpers/postgres';
import { databaseUrl, dropTestSchemas, postgresDsn } from '../helpers/sql';

/**
 * Producers on PostgreSQL fail fast too: with the server down, dispatch, dispatchBatch and reads
 * answer TRANSPORT_UNAVAILABLE (never a raw driver error) within config.storeTimeoutMs, and what
 * they refused is not stored when the server is back. A statement that hangs fails within the
 * bound as ambiguous: it may still be applied, and the retry with the same idempotency key is
 * what stores the message once.
 */
describe('producers on PostgreSQL when the store is gone or hangs', () => {
  jest.setTimeout(120_000);
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await dropTestSchemas();
  });

  const busOn = (dsn: string): Symphony => {
    const bus = createSymphony(
      httpApp(),
      defaultConfig({ defaultDsn: dsn, autoMigrate: true, storeTimeoutMs: 2000 }),
      { logger: createLogger('silent') },
    );
    cleanups.push(() => bus.close());
    return bus;
  };
  const stored = async (bus: Symphony) => {
    const { waiting, prioritized } = (await bus.stats(['ticks'])).ticks!;
    return waiting + prioritized;
  };

  it('refuses dispatch, dispatchBatch and reads while the server is down, and stores nothing it refused', async () => {
    const server = await startPostgres();
    cleanups.push(() => stopPostgres(server));
    const bus = busOn(`${server.url}?schema=producer`);
    await bus.dispatch(tick, { n: 1 });

    await pausePostgres(server);
    const unavailable = { code: 'TRANSPORT_UNAVAILABLE' };
    await expect(bus.dispatch(tick, { n: 2 })).rejects.toMatchObject(unavailable);
    await expect(bus.dispatchBatch([{ type: tick, body: { n: 3 } }])).rejects.toMatchObject(unavailable);
    await expect(bus.stats(['ticks'])).rejects.toMatchObject(unavailable);

    await resumePostgres(server);
    await eventually(() => bus.dispatch(tick, { n: 4 }).then(Boolean, () => false), Boolean, 60_000);
    expect(await stored(bus)).toBe(2); // n = 1 and n = 4
  });

  it('a statement that hangs fails within the bound as ambiguous; the retry with the same key stores it once', async () => {
    const dsn = postgresDsn();
    const bus = busOn(dsn);
    await bus.dispatch(tick, { n: 0 }); // schema in place
    const locker = new pg.Client({ connectionString: databaseUrl() });
    await locker.connect();
    cleanups.push(() => locker.end());
    await locker.query('BEGIN');
    await locker.query(
      `LOCK TABLE "${new URL(dsn).searchParams.get('schema')}".job IN ACCESS EXCLUSIVE MODE`,
    );

    const options = { idempotencyKey: 'order-42' };
    await expect(bus.dispatch(tick, { n: 1 }, options)).rejects.toMatchObject({
      code: 'TRANSPORT_UNAVAILABLE',
      ambiguous: true,
    });

    await locker.query('COMMIT'); // the held statement now runs
    const retried = await eventually(
      () => bus.dispatch(tick, { n: 1 }, options).catch(() => undefined),
      (result) => result !== undefined,
      60_000,
    );
    expect(retried).toMatchObject({ deduplicated: true });
    expect(await stored(bus)).toBe(2); // n = 0, and n = 1 once
  });
});
