import { z } from 'zod';
import { LIMITS } from '../bus/limits';
import { ConfigError } from '../errors';

const DAY_MS = 86_400_000;

/** A whole number within bounds (docs/operations.md lists them), defaulting to `fallback`. */
const intFromEnv = (fallback: number, min = 1, max = 1_000_000_000) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** Unset and empty read alike. */
const optionalString = z
  .string()
  .optional()
  .transform((v) => v?.trim() || undefined);

/** Every environment variable Symphony reads, parsed once. Nothing outside src/config reads process.env. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // Unset (or empty) lets the CLI choose: Redis on 127.0.0.1:6379 if it answers, else the embedded store.
  SYMPHONY_TRANSPORT_DSN: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  // Migrate postgres:// schemas on first use; unset = only when NODE_ENV is development.
  SYMPHONY_AUTO_MIGRATE: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
  SYMPHONY_REDIS_PREFIX: z.string().min(1).default('symphony'),
  SYMPHONY_APP: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Unset: readable colored lines on a terminal, JSON lines otherwise (a pipe, a file, a log shipper).
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  SYMPHONY_LOCK_DURATION_MS: intFromEnv(30_000, 100, DAY_MS),
  SYMPHONY_STALLED_INTERVAL_MS: intFromEnv(30_000, 100, DAY_MS),
  SYMPHONY_KEEP_COMPLETED: intFromEnv(1000, 1, 10_000_000),
  SYMPHONY_FAILED_RETENTION_DAYS: intFromEnv(30, 1, 3650),
  // Producers (dispatch, status, readiness) give up on a store that does not answer within this;
  // workers wait for it without limit.
  SYMPHONY_STORE_TIMEOUT_MS: intFromEnv(5000, LIMITS.minStoreTimeoutMs, LIMITS.maxStoreTimeoutMs),
  // HTTP API (src/http): tokens are comma-separated lists so a token can be rotated without downtime.
  SYMPHONY_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  SYMPHONY_HTTP_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  SYMPHONY_ADMIN_TOKENS: z.string().optional(),
  SYMPHONY_DISPATCHER_TOKENS: z.string().optional(),
  SYMPHONY_VIEWER_TOKENS: z.string().optional(),
  CRON_SECRET: z.string().optional(),
  SYMPHONY_HTTP_BODY_LIMIT_KB: intFromEnv(256, 1, 102_400),
  SYMPHONY_DISPATCH_RATE_LIMIT: intFromEnv(600, 1, LIMITS.maxRateMax),
  SYMPHONY_DISPATCH_RATE_WINDOW_MS: intFromEnv(60_000, 1, DAY_MS),
  SYMPHONY_METRICS_SAMPLE_MS: intFromEnv(15_000, 100, DAY_MS),
  // A metrics/health server of its own (worker: off unless set; serve/start: besides the API's port).
  SYMPHONY_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  SYMPHONY_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  // OpenTelemetry's standard variables: traces are on only when an exporter or endpoint is named.
  OTEL_SDK_DISABLED: optionalString.transform((v) => v?.toLowerCase() === 'true'),
  OTEL_TRACES_EXPORTER: optionalString,
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalString,
  OTEL_SERVICE_NAME: optionalString,
  // Admin UI sessions: signing secret (default: derived from the configured tokens) and lifetime.
  SYMPHONY_SESSION_SECRET: z.string().optional(),
  SYMPHONY_SESSION_HOURS: intFromEnv(8, 1, 24 * 366),
  // Behind a TLS-terminating proxy: trust X-Forwarded-* so session cookies are marked Secure.
  SYMPHONY_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const details = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    throw new ConfigError(`Invalid environment: ${details}`, { fields });
  }
  return parsed.data;
}

/** The process environment, parsed on first use. */
export function env(): Env {
  return (cached ??= parseEnv(process.env));
}
