import { env, type Env } from './env';

/** OpenTelemetry as the standard OTEL_* variables ask for it. */
export interface TracingConfig {
  /** True when an exporter or an OTLP endpoint is named and the SDK is not disabled. */
  enabled: boolean;
  serviceName?: string;
}

/** Metrics, health and traces of a long-running process (worker, serve, start). */
export interface ObservabilityConfig {
  /** Port of the process's own metrics/health server; undefined: none (the worker's default). */
  metricsPort?: number;
  metricsHost: string;
  /** How often the cluster monitor (the lease holder) samples the queues and evaluates alert rules. */
  monitorIntervalMs: number;
  tracing: TracingConfig;
}

/**
 * Off and free when nothing is set: OTEL_TRACES_EXPORTER (other than `none`) or an OTLP endpoint
 * turns traces on, OTEL_SDK_DISABLED=true turns them off whatever else is set.
 */
export function tracingFromEnv(source: Env = env()): TracingConfig {
  const exporter = source.OTEL_TRACES_EXPORTER;
  const named =
    exporter !== undefined
      ? exporter !== 'none'
      : Boolean(source.OTEL_EXPORTER_OTLP_ENDPOINT ?? source.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  return {
    enabled: !source.OTEL_SDK_DISABLED && named,
    ...(source.OTEL_SERVICE_NAME ? { serviceName: source.OTEL_SERVICE_NAME } : {}),
  };
}

export function observabilityConfigFromEnv(source: Env = env()): ObservabilityConfig {
  return {
    metricsPort: source.SYMPHONY_METRICS_PORT,
    metricsHost: source.SYMPHONY_METRICS_HOST,
    monitorIntervalMs: source.SYMPHONY_METRICS_SAMPLE_MS,
    tracing: tracingFromEnv(source),
  };
}
