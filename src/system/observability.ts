import type { Symphony, SymphonyOptions } from '../bus/symphony';
import type { ObservabilityConfig } from '../config/observability-config';
import type { Listening } from '../http/server';
import type { Logger } from '../logger';
import { instrument } from '../metrics/instrument';
import type { ProbeAnswer } from '../metrics/metrics-server';
import type * as MetricsServer from '../metrics/metrics-server';
import type * as ProcessMetrics from '../metrics/process-metrics';
import type { SymphonyMetrics } from '../metrics/registry';
import { startClusterMonitor, type ClusterMonitor } from '../monitoring/cluster-monitor';
import { withOptionalPeers } from '../packaging/optional-peers';
import { checkReadiness } from '../status/readiness';

export interface ObservedProcess {
  /** The metrics/health server's address, when the process has one of its own. */
  metricsUrl?: string;
  monitor?: ClusterMonitor;
  stop(): Promise<void>;
}

export interface ProcessObservability {
  /** Handed to createSymphony so the bus reports to the metrics. */
  busOptions: SymphonyOptions;
  metrics?: SymphonyMetrics;
  /** Once the bus exists: the cluster monitor (alerts, gauges) and the metrics server, if any. */
  start(symphony: Symphony, logger: Logger, probes?: { running?: () => boolean }): Promise<ObservedProcess>;
}

const loadMetrics = (feature: string): { metrics: typeof ProcessMetrics; server: typeof MetricsServer } =>
  withOptionalPeers(feature, ['prom-client'], () => ({
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, not at import
    metrics: require('../metrics/process-metrics'),
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, not at import
    server: require('../metrics/metrics-server'),
  }));

/**
 * What a long-running process (worker, serve, start) observes and serves: metrics when it exports
 * any (`withMetrics`, or a metrics port), a `/metrics` `/healthz` `/readyz` server on `metricsPort`,
 * and its part in the cluster's duties (alert evaluator, cluster gauges), each under its lease.
 */
export function processObservability(
  config: ObservabilityConfig,
  options: { withMetrics?: boolean; metricsPort?: number; alerts?: boolean } = {},
): ProcessObservability {
  const port = options.metricsPort ?? config.metricsPort;
  const loaded =
    options.withMetrics || port !== undefined
      ? loadMetrics('Metrics (--metrics-port, SYMPHONY_METRICS_PORT)')
      : undefined;
  const made = loaded?.metrics.processMetrics();
  return {
    busOptions: made ? instrument(made.metrics) : {},
    metrics: made?.metrics,
    async start(symphony, logger, probes = {}) {
      const monitor = startClusterMonitor({
        symphony,
        logger,
        intervalMs: config.monitorIntervalMs,
        gauges: made?.gauges(symphony),
        alerts: options.alerts,
      });
      let server: Listening | undefined;
      if (loaded && made && port !== undefined) {
        const running = probes.running ?? (() => true);
        server = await loaded.server.startMetricsServer({
          host: config.metricsHost,
          port,
          registry: made.metrics.registry,
          health: () => ({ ok: true, body: { status: 'ok' } }),
          readiness: () => readiness(symphony, logger, running),
        });
        logger.info({ url: server.url }, 'metrics and health on their own port');
      }
      return {
        metricsUrl: server?.url,
        monitor,
        stop: async () => {
          await server?.close();
          await monitor?.stop();
        },
      };
    },
  };
}

async function readiness(symphony: Symphony, logger: Logger, running: () => boolean): Promise<ProbeAnswer> {
  if (!running())
    return { ok: false, body: { status: 'not ready', reason: 'not consuming (starting or stopping)' } };
  const { ready, checks } = await checkReadiness(symphony, logger);
  return { ok: ready, body: { status: ready ? 'ready' : 'not ready', checks } };
}
