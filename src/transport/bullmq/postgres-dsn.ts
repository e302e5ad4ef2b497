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
  rejectTransactionPooler(url, display);
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
  return {
    connectionString: url.toString(),
    schema,
    poolSize,
    connectTimeoutMs: timeoutS * 1000,
    metrics: metrics === 'on',
    display,
  };
}

/**
 * LISTEN/NOTIFY, session settings and advisory locks do not survive a transaction-mode pooler
 * (Supabase's Supavisor/PgBouncer on 6543): workers would silently wait for work forever.
 */
function rejectTransactionPooler(url: URL, display: string): void {
  const pgbouncer = url.searchParams.get('pgbouncer') === 'true';
  if (url.port === '6543' || pgbouncer) {
    throw new DatabaseError(
      'DB_POOLER_UNSUPPORTED',
      `${display} is a transaction-mode pooler (PgBouncer/Supavisor${pgbouncer ? ', pgbouncer=true' : ', port 6543'}), which drops LISTEN/NOTIFY: ` +
        'use the direct connection (Supabase: db.<project>.supabase.co:5432) or the session-mode pooler on port 5432.',
    );
  }
}

function positive(raw: string | null, fallback: number, name: string, display: string): number {
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    throw new ConfigError(`Invalid ${name}=${raw} in ${display}: expected a positive integer.`);
  }
  return n;
}
