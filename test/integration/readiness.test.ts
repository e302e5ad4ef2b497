import { createLogger } from '../../src/logger';
import { checkReadiness } from '../../src/status/readiness';
import { closeTestBuses, testBus } from '../helpers/bus';
import { freePort } from '../helpers/servers';
import { dropTestSchemas, postgresDsn } from '../helpers/sql';
import { testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);
afterAll(dropTestSchemas);

const silent = createLogger('silent');

describe('readiness', () => {
  jest.setTimeout(60_000);

  it('is ready when Redis answers', async () => {
    const bus = testBus(testApp());
    await expect(checkReadiness(bus, silent)).resolves.toEqual({
      ready: true,
      checks: [{ transport: 'redis', queues: ['work'], ok: true }],
    });
  });

  it('is not ready when Redis does not answer, within the time budget', async () => {
    const bus = testBus(testApp(), { defaultDsn: `redis://127.0.0.1:${await freePort()}` });
    const result = await checkReadiness(bus, silent, 300);
    expect(result).toEqual({
      ready: false,
      checks: [{ transport: 'redis', queues: ['work'], ok: false, reason: 'unreachable' }],
    });
  });

  it('is not ready while a SQL schema is behind, and ready once migrated', async () => {
    const dsn = postgresDsn();
    const behind = testBus(testApp(), { defaultDsn: dsn, autoMigrate: false });
    const before = await checkReadiness(behind, silent, 30_000);
    expect(before.checks).toEqual([
      { transport: 'postgres', queues: ['work'], ok: false, reason: 'DB_SCHEMA_OUTDATED' },
    ]);
    await behind.close();
    const migrated = testBus(testApp(), { defaultDsn: dsn, autoMigrate: true });
    expect((await checkReadiness(migrated, silent, 30_000)).ready).toBe(true);
  });
});
