import { DatabaseError } from '../../src/errors';
import { closeTestBuses, testBus } from '../helpers/bus';
import { dropTestSchemas, postgresDsn, withDatabase } from '../helpers/sql';
import { ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);
afterAll(dropTestSchemas);

describe('the schema gate on postgres://', () => {
  it('refuses to consume or dispatch on a schema behind this version, naming db:migrate', async () => {
    const dsn = postgresDsn();
    const schema = new URL(dsn).searchParams.get('schema')!;
    const migrating = testBus(testApp(), { defaultDsn: dsn, autoMigrate: true });
    await migrating.dispatch(ping, { n: 1 });
    await migrating.close();
    // As if the database had been migrated by the previous Symphony release.
    const latest = await withDatabase(async (db) => {
      const { rows } = await db.query(`DELETE FROM "${schema}".migration
        WHERE version = (SELECT max(version) FROM "${schema}".migration) RETURNING version`);
      return (rows[0] as { version: number }).version;
    });

    const bus = testBus(testApp(), { defaultDsn: dsn, autoMigrate: false });
    const refused = await bus
      .consume('work')
      .ready()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DatabaseError);
    expect(refused).toMatchObject({ code: 'DB_SCHEMA_OUTDATED' });
    expect((refused as Error).message).toContain(
      `is at version ${latest - 1}, Symphony needs version ${latest}`,
    );
    expect((refused as Error).message).toContain('symphony db:migrate');
    await expect(bus.dispatch(ping, { n: 2 })).rejects.toMatchObject({ code: 'DB_SCHEMA_OUTDATED' });
    await expect(bus.stats(['work'])).rejects.toMatchObject({ code: 'DB_SCHEMA_OUTDATED' });
  });

  it('auto-migrates a fresh schema on first use when allowed', async () => {
    const bus = testBus(testApp(), { defaultDsn: postgresDsn(), autoMigrate: true });
    await bus.dispatch(ping, { n: 1 });
    expect((await bus.stats(['work'])).work!.prioritized).toBe(1);
  });

  it('lets several processes migrate a fresh schema at the same moment', async () => {
    const dsn = postgresDsn();
    // separate buses = separate pools, as separate worker processes starting together would be
    const buses = Array.from({ length: 12 }, () =>
      testBus(testApp(), { defaultDsn: dsn, autoMigrate: true }),
    );
    await Promise.all(buses.map((bus, n) => bus.dispatch(ping, { n })));
    expect((await buses[0]!.stats(['work'])).work!.prioritized).toBe(12);
  });
});
