import { ConfigError } from '../errors';
import { env, type Env } from './env';

export const roles = ['admin', 'dispatcher', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** Short tokens can be guessed; this is the floor, `openssl rand -hex 32` gives 64 characters. */
export const MIN_TOKEN_LENGTH = 16;

/** Settings of the HTTP API, built from the environment or given by tests. */
export interface HttpConfig {
  environment: Env['NODE_ENV'];
  host: string;
  port: number;
  tokens: Record<Role, string[]>;
  /** Authorises the cron compatibility routes, as the old platform crons were. */
  cronSecret?: string;
  bodyLimitBytes: number;
  /** Per token, on the dispatch routes. */
  dispatchRateLimit: { max: number; windowMs: number };
  /** How often queue depth is sampled for /metrics. */
  metricsSampleMs: number;
  /** Admin UI session cookies: signing secret (else derived from the tokens) and lifetime. */
  session?: { secret?: string; hours: number };
  /** Trust X-Forwarded-* from a proxy in front (https detection for Secure cookies). */
  trustProxy?: boolean;
}

export function httpConfigFromEnv(source: Env = env()): HttpConfig {
  return checkHttpConfig({
    environment: source.NODE_ENV,
    host: source.SYMPHONY_HTTP_HOST,
    port: source.SYMPHONY_HTTP_PORT ?? source.PORT ?? 3000,
    tokens: {
      admin: tokenList(source.SYMPHONY_ADMIN_TOKENS),
      dispatcher: tokenList(source.SYMPHONY_DISPATCHER_TOKENS),
      viewer: tokenList(source.SYMPHONY_VIEWER_TOKENS),
    },
    cronSecret: source.CRON_SECRET?.trim() || undefined,
    bodyLimitBytes: source.SYMPHONY_HTTP_BODY_LIMIT_KB * 1024,
    dispatchRateLimit: {
      max: source.SYMPHONY_DISPATCH_RATE_LIMIT,
      windowMs: source.SYMPHONY_DISPATCH_RATE_WINDOW_MS,
    },
    metricsSampleMs: source.SYMPHONY_METRICS_SAMPLE_MS,
    session: {
      secret: source.SYMPHONY_SESSION_SECRET?.trim() || undefined,
      hours: source.SYMPHONY_SESSION_HOURS,
    },
    trustProxy: source.SYMPHONY_TRUST_PROXY,
  });
}

/** Defaults for tests and embedding; tokens empty (the server then only starts on loopback in development). */
export function defaultHttpConfig(overrides: Partial<HttpConfig> = {}): HttpConfig {
  return checkHttpConfig({
    environment: 'development',
    host: '127.0.0.1',
    port: 3000,
    tokens: { admin: [], dispatcher: [], viewer: [] },
    bodyLimitBytes: 256 * 1024,
    dispatchRateLimit: { max: 600, windowMs: 60_000 },
    metricsSampleMs: 15_000,
    ...overrides,
  });
}

function tokenList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/** A weak or ambiguous token is a configuration mistake: refuse it before anything listens. */
function checkHttpConfig(config: HttpConfig): HttpConfig {
  const secrets = roles.flatMap((role) =>
    config.tokens[role].map((token) => ({ name: `SYMPHONY_${role.toUpperCase()}_TOKENS`, token })),
  );
  if (config.cronSecret) secrets.push({ name: 'CRON_SECRET', token: config.cronSecret });
  if (config.session?.secret) secrets.push({ name: 'SYMPHONY_SESSION_SECRET', token: config.session.secret });
  const seen = new Map<string, string>();
  for (const { name, token } of secrets) {
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new ConfigError(
        `${name}: tokens must be at least ${MIN_TOKEN_LENGTH} characters; generate one with \`openssl rand -hex 32\`.`,
      );
    }
    const other = seen.get(token);
    if (other)
      throw new ConfigError(`${name}: the same token is also set in ${other}; use one token per role.`);
    seen.set(token, name);
  }
  return config;
}
