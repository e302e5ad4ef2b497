import { killStrayProcesses, runCli, startCli } from '../fixtures/cli-process';
import { freePort } from '../helpers/servers';
import { databaseUrl, dropTestSchemas, postgresDsn, withDatabase } from '../helpers/sql';

/**
 * Schema management and set-up errors as an operator meets them: `symphony db:*` against the test
 * PostgreSQL, and one-line errors (no stack trace) for each way a database can be unusable.
 */
describe('symphony db:* and PostgreSQL set-up errors', () => {
  jest.setTimeout(90_000); // several process starts per test on a shared 2-core machine
  afterEach(killStrayProcesses);
  afterAll(dropTestSchemas);

  /** Production: no auto-migrate, so an out-of-date schema is refused. */
  const cli = (dsn: string, ...args: string[]) =>
    runCli(args, { SYMPHONY_TRANSPORT_DSN: dsn, NODE_ENV: 'production', LOG_LEVEL: 'warn' }, 30_000);
  const oneLine = (stderr: string) => {
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  };

  it('db:status exits 1 until db:migrate brings the schema up to date', async () => {
    const dsn = postgresDsn();
    const before = await cli(dsn, 'db:status');
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/schema "t_\w+": version 0 of \d+, behind/);
    expect(before.stderr).toMatch(/^error: DB_SCHEMA_OUTDATED: .*run `symphony db:migrate`/);
    oneLine(before.stderr);

    const migrated = await cli(dsn, 'db:migrate');
    expect(migrated).toMatchObject({ code: 0, stderr: '' });
    expect(migrated.stdout).toMatch(/up to date/);
    const after = await cli(dsn, 'db:status', '--json');
    expect(after.code).toBe(0);
    const [store] = JSON.parse(after.stdout).stores;
    expect(store).toMatchObject({ upToDate: true, current: store.required });
    expect(store.dsn).not.toContain('symphony-test'); // the password is masked
  });

  it('db:drop refuses without --yes, and drops the schema with it', async () => {
    const dsn = postgresDsn();
    const schema = new URL(dsn).searchParams.get('schema')!;
    expect((await cli(dsn, 'db:migrate')).code).toBe(0);
    const refused = await cli(dsn, 'db:drop');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--yes/);
    oneLine(refused.stderr);
    const exists = () =>
      withDatabase(
        async (db) => (await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount,
      );
    expect(await exists()).toBe(1);
    expect((await cli(dsn, 'db:drop', '--yes')).code).toBe(0);
    expect(await exists()).toBe(0);
  });

  it('db:sql prints a migration that, applied by hand (as Supabase would), leaves the schema current', async () => {
    const dsn = postgresDsn();
    const schema = new URL(dsn).searchParams.get('schema')!;
    const printed = await cli(dsn, 'db:sql');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await withDatabase(async (db) => void (await db.query(printed.stdout)));
    expect((await cli(dsn, 'db:status')).code).toBe(0);
    const nothingLeft = await cli(
      dsn,
      'db:sql',
      '--from',
      JSON.parse((await cli(dsn, 'db:status', '--json')).stdout).stores[0].current,
    );
    expect(nothingLeft.stdout).toMatch(/nothing to apply/);
  });

  it('a worker refuses an out-of-date schema with a one-line message naming db:migrate', async () => {
    const dsn = postgresDsn();
    const refused = await cli(dsn, 'worker');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^error: DB_SCHEMA_OUTDATED: Schema "t_\w+" .* not initialised.*symphony db:migrate/,
    );
    oneLine(refused.stderr);
  });

  it('with SYMPHONY_AUTO_MIGRATE=true a worker migrates and starts', async () => {
    const dsn = postgresDsn();
    const worker = startCli(['worker'], {
      SYMPHONY_TRANSPORT_DSN: dsn,
      NODE_ENV: 'production',
      SYMPHONY_AUTO_MIGRATE: 'true',
      LOG_LEVEL: 'info',
    });
    await worker.waitForLog((l) => l.msg === 'worker started', 60_000);
    worker.child.kill('SIGTERM');
    expect((await worker.waitForExit(30_000)).code).toBe(0);
    expect((await cli(dsn, 'db:status')).code).toBe(0);
  });

  it('refuses a worker on a transaction-mode pooler URL (Supabase port 6543): dispatching only', async () => {
    const pooler = 'postgres://postgres.abc:secret@aws-0-eu-central-1.pooler.supabase.com:6543/postgres';
    const out = await cli(pooler, 'worker', '--no-schedule-sync');
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^error: DB_POOLER_UNSUPPORTED: .*direct connection .*5432/);
    expect(out.stderr).not.toContain('secret');
    oneLine(out.stderr);
  });

  it('names an unreachable database', async () => {
    const closed = new URL(databaseUrl());
    closed.port = String(await freePort());
    const out = await cli(closed.toString(), 'stats');
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^error: DB_UNREACHABLE: Cannot reach PostgreSQL at .*ECONNREFUSED/);
    oneLine(out.stderr);
  });

  it('names a wrong password', async () => {
    const wrong = new URL(postgresDsn());
    wrong.password = 'not-the-password';
    const out = await cli(wrong.toString(), 'stats');
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^error: DB_AUTH_FAILED: .*check user and password/);
    expect(out.stderr).not.toContain('not-the-password');
    oneLine(out.stderr);
  });
});
