import { LATEST_SCHEMA_VERSION } from 'bullmq';
import { DatabaseError, SymphonyError } from '../../errors';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
]);

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
  if ((code && NETWORK_CODES.has(code)) || /timeout|terminated unexpectedly/i.test(error.message ?? '')) {
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
