/**
 * One error family with stable codes. `retryable` is a brand that survives process boundaries
 * where `instanceof` does not (a worker only sees the error's name and fields).
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export class SymphonyError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export class ValidationError extends SymphonyError {
  constructor(
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(
      'VALIDATION_FAILED',
      `${message}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
}

/** A setting or app definition is wrong; `fields` names each field when the input was checked field by field. */
export class ConfigError extends SymphonyError {
  readonly fields: FieldIssue[];
  constructor(message: string, options?: { cause?: unknown; fields?: FieldIssue[] }) {
    super('CONFIG_INVALID', message, options);
    this.fields = options?.fields ?? [];
  }
}

/** The CLI found no app to load: no symphony.config.* in the project root, no --app, no SYMPHONY_APP. */
export class AppNotFoundError extends SymphonyError {
  constructor(message: string) {
    super('APP_NOT_FOUND', message);
  }
}

/** A feature needs an optional peer dependency that is not installed; the message says what to install. */
export class MissingDependencyError extends SymphonyError {
  constructor(
    readonly packages: readonly string[],
    feature: string,
  ) {
    super(
      'DEPENDENCY_MISSING',
      `${feature} needs ${packages.join(', ')}, not installed: run \`npm install ${packages.join(' ')}\`.`,
    );
  }
}

export class RoutingError extends SymphonyError {
  constructor(readonly messageType: string) {
    super(
      'UNROUTABLE',
      `No route for message type "${messageType}": add it (or a "prefix.*" or "*" entry) to the routing table, or pass options.queue.`,
    );
  }
}

export class UnknownMessageTypeError extends SymphonyError {
  constructor(readonly messageType: string) {
    super(
      'UNKNOWN_TYPE',
      `Unknown message type "${messageType}": define it with defineMessage() and list it in the app's messages.`,
    );
  }
}

export class NoHandlerError extends SymphonyError {
  readonly retryable = false;
  constructor(readonly messageType: string) {
    super(
      'NO_HANDLER',
      `No handler registered for message type "${messageType}"; the message is kept in the failed store.`,
    );
  }
}

export class TransportError extends SymphonyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TRANSPORT_FAILED', message, options);
  }
}

/**
 * The store did not answer within the producer's bound (Redis/PostgreSQL down or unreachable).
 * `ambiguous` is true when the command may have reached the store (a timeout after sending):
 * retrying with the same idempotency key is then safe; without a key a retry may store a second copy.
 */
export class TransportUnavailableError extends SymphonyError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    readonly ambiguous: boolean,
    options?: { cause?: unknown },
  ) {
    super('TRANSPORT_UNAVAILABLE', message, options);
  }
}

/** The store did not answer (down, restarting, unreachable), as opposed to refusing what it was asked. */
export function isStoreUnreachable(error: unknown): error is SymphonyError {
  return (
    error instanceof TransportUnavailableError ||
    (error instanceof SymphonyError && error.code === 'DB_UNREACHABLE')
  );
}

/** Thrown by a handler: fail now, skip remaining retries. */
export class UnrecoverableError extends SymphonyError {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super('UNRECOVERABLE', message, options);
  }
}

/**
 * Thrown by a handler: always retry, even past maxRetries; `retryDelayMs` (e.g. an upstream
 * Retry-After) replaces the retry strategy's delay for this one retry.
 */
export class RecoverableError extends SymphonyError {
  readonly retryable = true;
  readonly retryDelayMs?: number;
  constructor(message: string, options?: { cause?: unknown; retryDelayMs?: number }) {
    super('RECOVERABLE', message, options);
    if (options?.retryDelayMs !== undefined) this.retryDelayMs = options.retryDelayMs;
  }
}

/** Several handlers ran for one message and at least one failed; the others' work is done. */
export class HandlerFailedError extends SymphonyError {
  constructor(
    readonly messageType: string,
    readonly failures: { handler: string; error: Error }[],
  ) {
    super(
      'HANDLER_FAILED',
      `${failures.length} handler(s) failed for "${messageType}": ${failures
        .map((f) => `${f.handler}: ${f.error.message}`)
        .join('; ')}`,
    );
  }

  /** Unrecoverable only when every failure is; one retryable failure makes the message worth retrying. */
  get retryable(): boolean | undefined {
    if (this.failures.some((f) => isRetryable(f.error) === true)) return true;
    if (this.failures.every((f) => isRetryable(f.error) === false)) return false;
    return undefined;
  }

  /** The longest delay a failed handler asked for: the retry serves them all. */
  get retryDelayMs(): number | undefined {
    const delays = this.failures.flatMap((f) => retryDelayOf(f.error) ?? []);
    return delays.length > 0 ? Math.max(...delays) : undefined;
  }
}

/** true: always retry; false: never retry; undefined: retry while attempts remain. */
export function isRetryable(error: unknown): boolean | undefined {
  if (error && typeof error === 'object' && 'retryable' in error) {
    const value = (error as { retryable: unknown }).retryable;
    if (typeof value === 'boolean') return value;
  }
  return undefined;
}

/**
 * The delay an error asks for before its retry (ms), or undefined to use the retry strategy. A
 * field, not a class check, so any error can carry it (a provider's Retry-After, for one).
 */
export function retryDelayOf(error: unknown): number | undefined {
  if (error && typeof error === 'object' && 'retryDelayMs' in error) {
    const value = (error as { retryDelayMs: unknown }).retryDelayMs;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  return undefined;
}

export function toError(value: unknown): Error {
  return value instanceof Error
    ? value
    : new Error(typeof value === 'string' ? value : JSON.stringify(value));
}

export type DatabaseErrorCode =
  | 'DB_UNREACHABLE'
  | 'DB_AUTH_FAILED'
  | 'DB_NOT_FOUND'
  | 'DB_POOLER_UNSUPPORTED'
  | 'DB_SCHEMA_OUTDATED'
  | 'DB_SCHEMA_TOO_NEW'
  | 'DB_STORE_LOCKED';

/** The database behind a postgres:// or pglite:// transport cannot be used as it is; the message says how to fix it. */
export class DatabaseError extends SymphonyError {
  declare readonly code: DatabaseErrorCode;
  constructor(code: DatabaseErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
