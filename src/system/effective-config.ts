import { checkAlerts } from '../alerts/alerts-definition';
import type { Symphony } from '../bus/symphony';
import type { AlertsConfig } from '../config/alerts-config';
import type { HttpConfig } from '../config/http-config';
import type { LegacyConfig } from '../config/legacy-config';
import { maskSecret, maskUrl, maskUrlPath } from '../config/mask-secrets';
import type { ObservabilityConfig } from '../config/observability-config';
import type { ProvidersConfig } from '../config/providers-config';

/** Every setting a process would run with, from the environment and the app. */
export interface EnvironmentSettings {
  http: HttpConfig;
  observability: ObservabilityConfig;
  providers?: ProvidersConfig | { error: string };
  legacy?: LegacyConfig;
  alerts?: AlertsConfig;
}

/**
 * What `config:show` prints: the environment's settings and the app as this NODE_ENV merges it
 * (queues, retries per type, schedules, alert rules), secrets masked: tokens and passwords never
 * appear, only whether they are set; DSNs lose their password, webhook URLs their path.
 */
export function effectiveConfig(symphony: Symphony, env: EnvironmentSettings): Record<string, unknown> {
  const { config, app, queues } = symphony;
  const alerts = checkAlerts(app.alerts, queues.names());
  const { http, observability, providers } = env;
  return {
    environment: config.environment,
    transport: {
      defaultDsn: maskUrl(config.defaultDsn),
      redisPrefix: config.redisPrefix,
      autoMigrate: config.autoMigrate ?? false,
      lockDurationMs: config.lockDurationMs,
      stalledIntervalMs: config.stalledIntervalMs,
      storeTimeoutMs: config.storeTimeoutMs,
      retention: config.retention,
    },
    http: {
      host: http.host,
      port: http.port,
      tokens: Object.fromEntries(
        Object.entries(http.tokens).map(([role, list]) => [role, list.map(() => '****')]),
      ),
      cronSecret: maskSecret(http.cronSecret),
      sessionSecret: maskSecret(http.session?.secret),
      bodyLimitBytes: http.bodyLimitBytes,
      dispatchRateLimit: http.dispatchRateLimit,
      trustProxy: http.trustProxy ?? false,
    },
    observability: {
      metricsPort: observability.metricsPort ?? null,
      metricsHost: observability.metricsHost,
      monitorIntervalMs: observability.monitorIntervalMs,
      tracing: observability.tracing,
    },
    ...(providers ? { providers: maskProviders(providers) } : {}),
    ...(env.legacy
      ? { legacy: { ...env.legacy, databaseUrl: maskUrl(env.legacy.databaseUrl) ?? null } }
      : {}),
    queues: Object.fromEntries(
      queues.names().map((q) => {
        const { dsn, ...options } = queues.options(q);
        return [
          q,
          {
            ...options,
            dsn: maskUrl(dsn ?? config.defaultDsn),
            workerConcurrency: symphony.concurrencyFor(q),
          },
        ];
      }),
    ),
    retryByType: Object.fromEntries(
      app.messages.filter((m) => m.options.retry).map((m) => [m.type, m.options.retry]),
    ),
    routing: app.routing,
    schedules: (app.schedules ?? []).map(({ id, cron, every, at, tz, queue, catchUp, limit }) => ({
      id,
      ...{ cron, every, at, tz, queue, catchUp, limit },
    })),
    alerts: {
      rules: alerts.rules,
      notifiers: ['log', ...alerts.notifiers.map((n) => n.name)],
      cooldownMs: alerts.cooldownMs,
      ...(env.alerts
        ? {
            webhookUrl: maskUrlPath(env.alerts.webhookUrl) ?? null,
            webhookFormat: env.alerts.webhookFormat,
            emailTo: env.alerts.emailTo,
          }
        : {}),
    },
  };
}

function maskProviders(p: ProvidersConfig | { error: string }): Record<string, unknown> {
  if ('error' in p) return p;
  return {
    email: p.email.kind === 'smtp' ? { ...p.email, url: maskUrl(p.email.url) } : p.email,
    sms: p.sms.kind === 'twilio' ? { ...p.sms, authToken: maskSecret(p.sms.authToken) } : p.sms,
    timeoutMs: p.timeoutMs,
  };
}
