import { ConfigError, DatabaseError } from '../../../src/errors';
import { parsePostgresDsn, poolerRefusal } from '../../../src/transport/bullmq/postgres-dsn';
import { parsePgliteDsn } from '../../../src/transport/bullmq/pglite/pglite-dsn';

describe('postgres:// DSN options', () => {
  it('defaults: schema symphony, pool 10, 10 s connect timeout; the password is masked', () => {
    const dsn = parsePostgresDsn('postgres://app:s3cret@db.internal:5432/app');
    expect(dsn).toMatchObject({ schema: 'symphony', poolSize: 10, connectTimeoutMs: 10_000, metrics: false });
    expect(dsn.display).toBe('postgres://app:***@db.internal:5432/app');
  });

  it('reads schema, pool and connect_timeout, and passes everything else to node-postgres', () => {
    const dsn = parsePostgresDsn(
      'postgresql://app:pw@db:5432/app?schema=billing&pool=3&connect_timeout=2&sslmode=require',
    );
    expect(dsn).toMatchObject({ schema: 'billing', poolSize: 3, connectTimeoutMs: 2000 });
    expect(dsn.connectionString).toBe('postgresql://app:pw@db:5432/app?sslmode=require');
  });

  it.each([
    ['postgres://u:p@db:5432/app?schema=drop;table', /Invalid schema/],
    ['postgres://u:p@db:5432/app?pool=0', /Invalid pool=0/],
    ['postgres://u:p@db:5432/app?connect_timeout=x', /Invalid connect_timeout=x/],
    ['postgres://u:p@db:5432/app?metrics=yes', /Invalid metrics=yes/],
  ])('rejects %s', (dsn, message) => {
    expect(() => parsePostgresDsn(dsn)).toThrow(ConfigError);
    expect(() => parsePostgresDsn(dsn)).toThrow(message);
  });

  it.each([
    'postgres://postgres.abc:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres',
    'postgres://u:pw@pgbouncer.internal:6432/app?pgbouncer=true',
  ])('accepts the transaction-mode pooler %s (dispatch works through it), marked as such', (dsn) => {
    const parsed = parsePostgresDsn(dsn);
    expect(parsed.transactionPooler).toBe(true);
    expect(parsed.connectionString).not.toContain('pgbouncer=');
    expect(parsePostgresDsn('postgres://u:pw@db.abc.supabase.co:5432/postgres').transactionPooler).toBe(
      false,
    );
  });

  it('refuses what needs a session through it, naming port 5432 and never the password', () => {
    const error = poolerRefusal(parsePostgresDsn('postgres://u:pw@pooler:6543/app').display, 'Consuming "q"');
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code: 'DB_POOLER_UNSUPPORTED', message: expect.stringMatching(/5432/) });
    expect(error.message).not.toContain(':pw@');
  });

  it('turns the per-minute throughput history on with metrics=on, and keeps it from node-postgres', () => {
    const dsn = parsePostgresDsn('postgres://u:p@db:5432/app?metrics=on');
    expect(dsn.metrics).toBe(true);
    expect(dsn.connectionString).toBe('postgres://u:p@db:5432/app');
  });

  it('accepts the Supabase session-mode pooler on 5432', () => {
    const dsn = parsePostgresDsn(
      'postgres://postgres.abc:pw@aws-0-eu-central-1.pooler.supabase.com:5432/postgres',
    );
    expect(dsn.schema).toBe('symphony');
  });
});

describe('pglite:// DSN', () => {
  it('resolves the directory against the working directory', () => {
    expect(parsePgliteDsn('pglite://./var/symphony')).toMatchObject({
      dir: `${process.cwd()}/var/symphony`,
      schema: 'symphony',
      poolSize: 4,
    });
    expect(parsePgliteDsn('pglite:///srv/queues?schema=q&pool=2')).toMatchObject({
      dir: '/srv/queues',
      schema: 'q',
      poolSize: 2,
    });
  });

  it('needs a directory', () => {
    expect(() => parsePgliteDsn('pglite://')).toThrow(/names no directory/);
  });
});
