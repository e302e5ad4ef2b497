import { LATEST_SCHEMA_VERSION } from 'bullmq';
import { DatabaseError, SymphonyError, TransportUnavailableError } from '../../errors';
import { faultCode, storeFault } from './store-faults';

/** Refused before anything was sent: the server was down, starting up or not found. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P03',
  '08001',
  '08004',
]);

/** Seconds a client should wait before retrying a dispatch: a restart takes about one. */
const RETRY_AFTER_SECONDS = 1;

interface PgLikeError {
  code?: string;
  name?: string;
  message?: string;
  errors?: PgLikeError[];
  schema?: string;
}

/**
 * node-postgres and BullMQ errors -> one-line DatabaseErrors that say what to do. Anything not
 * recognised is returned as it was: those are bugs or query errors, not set-up problems.
 */
export function toDatabaseError(thrown: unknown, display: string): unknown {
  if (thrown instanceof SymphonyError || !thrown || typeof thrown !== 'object') return thrown;
  const error = thrown as PgLikeError;
  const code = error.code ?? error.errors?.find((e) => e.code)?.code;
  const cause = { cause: thrown };
  if (storeFault(thrown) === 'unreachable' || /timeout|terminated unexpectedly/i.test(error.message ?? '')) {
    return new DatabaseError(
      'DB_UNREACHABLE',
      `Cannot reach PostgreSQL at ${display} (${code ?? error.message}): check that the server runs and host/port are right.`,
      cause,
    );
  }
  if (code === '28P01' || code === '28000') {
    return new DatabaseError(
      'DB_AUTH_FAILED',
      `PostgreSQL refused the login for ${display} (${error.message}): check user and password in the DSN.`,
      cause,
    );
  }
  if (code === '3D000') {
    return new DatabaseError(
      'DB_NOT_FOUND',
      `${error.message} at ${display}: create it (createdb) or fix the database name in the DSN.`,
      cause,
    );
  }
  if (error.name === 'SchemaVersionMismatchError') {
    return new DatabaseError(
      'DB_SCHEMA_TOO_NEW',
      `The schema at ${display} was migrated by a newer BullMQ major: upgrade Symphony (schema downgrades are not supported).`,
      cause,
    );
  }
  if (error.name === 'SchemaMigrationRequiredError') {
    return outdatedSchema(display, error.schema ?? '?', 0, LATEST_SCHEMA_VERSION);
  }
  return thrown;
}

export function outdatedSchema(
  display: string,
  schema: string,
  current: number,
  required: number,
): DatabaseError {
  const state = current === 0 ? 'not initialised' : `at version ${current}`;
  return new DatabaseError(
    'DB_SCHEMA_OUTDATED',
    `Schema "${schema}" at ${display} is ${state}, Symphony needs version ${required}: ` +
      'run `symphony db:migrate` (or set SYMPHONY_AUTO_MIGRATE=true).',
  );
}

/**
 * A dispatch the server could not take because it is down or restarting (raw node-postgres codes:
 * ECONNREFUSED, 57P01, 57P03, ...) -> TRANSPORT_UNAVAILABLE, as on Redis. Ambiguous when the
 * statement may have reached the server before the connection dropped.
 */
export function toUnavailable(thrown: unknown, display: string): unknown {
  const fault = storeFault(thrown);
  if (fault !== 'unreachable' || thrown instanceof SymphonyError) return thrown;
  const code = faultCode(thrown, fault);
  const cause = { cause: thrown };
  if (NOT_SENT.has(code)) {
    return new TransportUnavailableError(
      `PostgreSQL at ${display} is not accepting connections (${code}): nothing was stored. Retry once it is back.`,
      RETRY_AFTER_SECONDS,
      false,
      cause,
    );
  }
  return new TransportUnavailableError(
    `PostgreSQL at ${display} dropped the connection during the dispatch (${code}): it may or may not have been stored. ` +
      'A dispatch retried with the same idempotency key is stored at most once.',
    RETRY_AFTER_SECONDS,
    true,
    cause,
  );
}
