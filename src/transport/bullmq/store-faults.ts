/**
 * Store errors that a retry can fix, on Redis and PostgreSQL alike. A statement that ran alone (no
 * explicit transaction, as every BullMQ operation does) and failed with one of these left nothing
 * behind, except when the connection dropped after the server committed: a retry then finds the
 * work done.
 */
export type StoreFault =
  /** deadlock_detected / serialization_failure: PostgreSQL aborted the statement, run it again. */
  | 'conflict'
  /** the server is gone, restarting or refusing connections: run it again once it is back. */
  | 'unreachable';

const CONFLICT = new Set(['40P01', '40001']);

/** Connection errors of node-postgres / ioredis, and PostgreSQL's shutdown and start-up states. */
export const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown: terminating connection due to administrator command
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up / shutting down
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
]);

/** node-postgres reports a dropped socket with a message only. */
const UNREACHABLE_MESSAGE =
  /Connection terminated|terminating connection|connection timeout|Connection is closed/i;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  /** An AggregateError (a connect that failed on every address) carries the codes here. */
  errors?: ErrorLike[];
}

export function storeFault(error: unknown): StoreFault | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const code = codeOf(error as ErrorLike);
  if (code && CONFLICT.has(code)) return 'conflict';
  if (code && UNREACHABLE_CODES.has(code)) return 'unreachable';
  const { message } = error as ErrorLike;
  return typeof message === 'string' && UNREACHABLE_MESSAGE.test(message) ? 'unreachable' : undefined;
}

/** The code an operator searches for: SQLSTATE or errno, else the fault. */
export function faultCode(error: unknown, fault: StoreFault): string {
  return codeOf(error as ErrorLike) ?? fault;
}

function codeOf(error: ErrorLike): string | undefined {
  const code = error.code ?? error.errors?.find((e) => typeof e.code === 'string')?.code;
  return typeof code === 'string' ? code : undefined;
}
