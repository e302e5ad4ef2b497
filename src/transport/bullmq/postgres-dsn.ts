import { ConfigError, DatabaseError } from '../../errors';
import { redact } from './redis-connection';

export const DEFAULT_SCHEMA = 'symphony';
export const DEFAULT_POOL_SIZE = 10;
const DEFAULT_CONNECT_TIMEOUT_S = 10;

/** A postgres:// DSN split into what node-postgres reads and what Symphony reads. */
export interface PostgresDsn {
  /** The DSN without Symphony's own options, for node-postgres. */
  connectionString: string;
  schema: string;
  /** Connections for queries; each consuming queue adds one for its LISTEN. */
  poolSize: number;
  connectTimeoutMs: number;
  /** Per-minute throughput history for /status: one more write per handled message, so off by default. */
  metrics: boolean;
  /** For messages: the DSN with its password masked. */
  display: string;
  /**
   * A transaction-mode pooler (Supabase's Supavisor on 6543, PgBouncer with pgbouncer=true): each
   * statement may run on another server connection, so no LISTEN, session setting or session lock.
   * Dispatching works through it; consuming and migrating do not.
   */
  transactionPooler: boolean;
}

/**
 * Parses `postgres://user:pass@host:5432/db?schema=symphony&pool=10&connect_timeout=10`.
 * Other query options (sslmode, …) go to node-postgres untouched.
 */
export function parsePostgresDsn(dsn: string): PostgresDsn {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch (cause) {
    throw new ConfigError(
      `Invalid PostgreSQL DSN "${redact(dsn)}": expected postgres://user:password@host:5432/database[?schema=symphony&pool=10].`,
      { cause },
    );
  }
  const display = redact(dsn);
  const transactionPooler = url.port === '6543' || url.searchParams.get('pgbouncer') === 'true';
  const schema = url.searchParams.get('schema') ?? DEFAULT_SCHEMA;
  if (!/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(schema)) {
    throw new ConfigError(
      `Invalid schema "${schema}" in ${display}: use letters, digits and underscores (max 63).`,
    );
  }
  const poolSize = positive(url.searchParams.get('pool'), DEFAULT_POOL_SIZE, 'pool', display);
  const timeoutS = positive(
    url.searchParams.get('connect_timeout'),
    DEFAULT_CONNECT_TIMEOUT_S,
    'connect_timeout',
    display,
  );
  const metrics = url.searchParams.get('metrics');
  if (metrics !== null && metrics !== 'on' && metrics !== 'off') {
    throw new ConfigError(`Invalid metrics=${metrics} in ${display}: expected on or off.`);
  }
  url.searchParams.delete('metrics');
  url.searchParams.delete('schema');
  url.searchParams.delete('pool');
  url.searchParams.delete('connect_timeout');
  url.searchParams.delete('pgbouncer');
  return {
    connectionString: url.toString(),
    schema,
    poolSize,
    connectTimeoutMs: timeoutS * 1000,
    metrics: metrics === 'on',
    display,
    transactionPooler,
  };
}

/**
 * LISTEN/NOTIFY, session settings and advisory locks do not survive a transaction-mode pooler
 * (Supabase's Supavisor/PgBouncer on 6543): a worker would silently wait for work forever and a
 * migration would run unserialised. What needs them refuses such a DSN with this error.
 */
export function poolerRefusal(display: string, what: string): DatabaseError {
  return new DatabaseError(
    'DB_POOLER_UNSUPPORTED',
    `${display} is a transaction-mode pooler (port 6543 or pgbouncer=true), which drops LISTEN/NOTIFY and session locks: ${what} ` +
      'needs the direct connection (Supabase: db.<project>.supabase.co:5432) or the session-mode pooler (port 5432). ' +
      'Dispatching through the transaction pooler is fine.',
  );
}

function positive(raw: string | null, fallback: number, name: string, display: string): number {
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    throw new ConfigError(`Invalid ${name}=${raw} in ${display}: expected a positive integer.`);
  }
  return n;
}
