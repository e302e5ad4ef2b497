import { randomUUID } from 'node:crypto';
import { createSymphony, type Symphony } from '../../src/bus/symphony';
import { defaultConfig } from '../../src/config/config';
import { DatabaseError } from '../../src/errors';
import { openSchemaAdmin } from '../../src/transport/schema-admin';
import { startPgBouncer, type TestPgBouncer } from '../helpers/pgbouncer';
import { databaseUrl, uniqueSchema, withDatabase } from '../helpers/sql';
import { ping, testApp } from '../fixtures/test-app';

/**
 * Supabase's usual serverless connection string is its transaction pooler (port 6543). A producer
 * dispatches through it; a consumer (LISTEN) or a migration (session lock) is refused with
 * DB_POOLER_UNSUPPORTED. Here PgBouncer in transaction mode plays the pooler.
 */
describe('postgres:// through a transaction-mode pooler', () => {
  jest.setTimeout(60_000);
  const role = `pooler_${randomUUID().slice(0, 8)}`;
  const bare = `${role}_bare`; // a role whose search_path does not name the schema
  const password = 'pooler-secret';
  const schema = uniqueSchema();
  let bouncer: TestPgBouncer;
  const buses: Symphony[] = [];

  const dsn = (user: string, host: string, port: number, extra = '') =>
    `postgres://${user}:${password}@${host}:${port}/postgres?schema=${schema}${extra}`;
  const direct = (user: string) => {
    const url = new URL(databaseUrl());
    return dsn(user, url.hostname, Number(url.port));
  };
  const bus = (transportDsn: string) => {
    const created = createSymphony(
      testApp(),
      defaultConfig({ defaultDsn: transportDsn, logLevel: 'silent' }),
    );
    buses.push(created);
    return created;
  };

  beforeAll(async () => {
    await withDatabase(async (client) => {
      for (const name of [role, bare]) {
        await client.query(`CREATE ROLE ${name} LOGIN PASSWORD '${password}'`);
        await client.query(`GRANT CREATE ON DATABASE postgres TO ${name}`);
      }
      await client.query(`ALTER ROLE ${role} SET search_path = ${schema}`);
    });
    // migrations run on the direct connection, as the role that will own the schema
    const admin = openSchemaAdmin(direct(role))!;
    await admin.migrate();
    await admin.close();
    await withDatabase(async (client) => {
      await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${bare}`);
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${bare}`);
    });
    bouncer = await startPgBouncer(databaseUrl(), { [role]: password, [bare]: password });
  });
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
    await bouncer?.stop();
    await withDatabase(async (client) => {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      for (const name of [role, bare]) {
        await client.query(`DROP OWNED BY ${name}`);
        await client.query(`DROP ROLE ${name}`);
      }
    });
  });

  it('dispatches through it, once the role names the schema on its search_path', async () => {
    const producer = bus(dsn(role, bouncer.host, bouncer.port, '&pgbouncer=true'));
    const results = await Promise.all([1, 2, 3].map((n) => producer.dispatch(ping, { n })));
    expect(results.map((r) => r.queue)).toEqual(['work', 'work', 'work']);
    const counts = (await bus(direct(role)).stats(['work'])).work!;
    expect(counts.waiting + counts.prioritized).toBe(3);
  });

  it('refuses to consume or migrate through it, naming the connection to use instead', () => {
    const producer = bus(dsn(role, bouncer.host, bouncer.port, '&pgbouncer=true'));
    expect(() => producer.consume('work')).toThrow(DatabaseError);
    expect(() => producer.consume('work')).toThrow(
      /^postgres:\/\/.*pgbouncer=true is a transaction-mode pooler .*Consuming "work" needs the direct connection .*5432.*session-mode pooler/,
    );
    const supabase = `postgres://postgres.abc:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres`;
    expect(() => openSchemaAdmin(supabase)).toThrow(
      expect.objectContaining({ code: 'DB_POOLER_UNSUPPORTED' }),
    );
  });

  it('says how to set the search_path when the role does not have it', async () => {
    const producer = bus(dsn(bare, bouncer.host, bouncer.port, '&pgbouncer=true'));
    const error = await producer.dispatch(ping, { n: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'DB_POOLER_UNSUPPORTED',
      message: expect.stringContaining(`ALTER ROLE "${bare}" SET search_path = ${schema}`),
    });
  });
});
