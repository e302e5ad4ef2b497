import { env, type Env } from './env';
import { tracingFromEnv } from './observability-config';

/** The transport when none is configured: a local Redis. */
export const DEFAULT_DSN = 'redis://127.0.0.1:6379';

/** Typed runtime settings handed to constructors; built from the environment or given by tests. */
export interface SymphonyConfig {
  environment: Env['NODE_ENV'];
  defaultDsn: string;
  /** False when SYMPHONY_TRANSPORT_DSN was not set, so the CLI may pick the store (see default-store). */
  defaultDsnConfigured?: boolean;
  /** Bring postgres:// / pglite:// schemas up to date on first use; default: in development only. */
  autoMigrate?: boolean;
  redisPrefix: string;
  logLevel: Env['LOG_LEVEL'];
  /** LOG_FORMAT; unset: pretty on a terminal, JSON lines otherwise. */
  logFormat?: Env['LOG_FORMAT'];
  /** Module path of the app wiring (messages, routing, queues, handlers); default: this repo's queues/. */
  appModule?: string;
  /** A worker that stops renewing its lock for this long is presumed dead and its messages are re-run. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /**
   * How long a producer (dispatch, status, readiness, admin commands) waits for an unreachable
   * store before failing with TRANSPORT_UNAVAILABLE; never stored later. Workers wait without limit.
   */
  storeTimeoutMs: number;
  retention: { completedCount: number; failedAgeSeconds: number };
  /**
   * Dispatch and handle spans (W3C trace context in the envelope's headers) and BullMQ's own spans;
   * set from the OTEL_* variables. Off: no span code runs at all.
   */
  tracing?: boolean;
}

export function configFromEnv(source: Env = env()): SymphonyConfig {
  return {
    environment: source.NODE_ENV,
    defaultDsn: source.SYMPHONY_TRANSPORT_DSN ?? DEFAULT_DSN,
    defaultDsnConfigured: source.SYMPHONY_TRANSPORT_DSN !== undefined,
    autoMigrate: source.SYMPHONY_AUTO_MIGRATE ?? source.NODE_ENV === 'development',
    redisPrefix: source.SYMPHONY_REDIS_PREFIX,
    logLevel: source.LOG_LEVEL,
    logFormat: source.LOG_FORMAT,
    appModule: source.SYMPHONY_APP,
    lockDurationMs: source.SYMPHONY_LOCK_DURATION_MS,
    stalledIntervalMs: source.SYMPHONY_STALLED_INTERVAL_MS,
    storeTimeoutMs: source.SYMPHONY_STORE_TIMEOUT_MS,
    retention: {
      completedCount: source.SYMPHONY_KEEP_COMPLETED,
      failedAgeSeconds: source.SYMPHONY_FAILED_RETENTION_DAYS * 86_400,
    },
    tracing: tracingFromEnv(source).enabled,
  };
}

/** Defaults for library users who build a config in code (tests, embedding). */
export function defaultConfig(overrides: Partial<SymphonyConfig> = {}): SymphonyConfig {
  return {
    environment: 'development',
    defaultDsn: DEFAULT_DSN,
    redisPrefix: 'symphony',
    logLevel: 'info',
    lockDurationMs: 30_000,
    stalledIntervalMs: 30_000,
    storeTimeoutMs: 5000,
    retention: { completedCount: 1000, failedAgeSeconds: 30 * 86_400 },
    ...overrides,
  };
}
