import type { TracingConfig } from '../config/observability-config';
import { withOptionalPeers } from '../packaging/optional-peers';

/** What traces need besides the API: the SDK (exporters from OTEL_*) and BullMQ's own spans. */
export const TRACING_PEERS = ['@opentelemetry/sdk-node', 'bullmq-otel'] as const;

export interface RunningTelemetry {
  /** Flushes the spans still buffered, then stops the SDK. */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry's Node SDK when the OTEL_* variables ask for traces; does nothing (and
 * loads nothing) otherwise. The SDK reads the variables itself: exporter, endpoint, protocol,
 * service name, sampler. No auto-instrumentation is loaded: Symphony makes its spans itself.
 */
export function startTelemetry(config: TracingConfig): RunningTelemetry | undefined {
  if (!config.enabled) return undefined;
  const sdk = withOptionalPeers(
    'Traces (OTEL_TRACES_EXPORTER / OTEL_EXPORTER_OTLP_ENDPOINT)',
    TRACING_PEERS,
    () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, not at import
      const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
      return new NodeSDK({ serviceName: config.serviceName ?? 'symphony', instrumentations: [] });
    },
  );
  sdk.start();
  return { shutdown: () => sdk.shutdown().catch(() => undefined) };
}
