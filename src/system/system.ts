import type { AppDefinition } from '../bus/app-definition';
import { createSymphony, type Symphony } from '../bus/symphony';
import type { SymphonyConfig } from '../config/config';
import type { HttpConfig } from '../config/http-config';
import { createHttpApp } from '../http/app';
import { listen, type Listening } from '../http/server';
import type { Logger } from '../logger';
import type { SymphonyMetrics } from '../metrics/registry';
import type { ObservabilityConfig } from '../config/observability-config';
import { processObservability, type ObservedProcess } from './observability';
import { Schedules } from '../scheduler/schedules';
import { Worker } from '../worker/worker';

export interface SystemOptions {
  app: AppDefinition;
  config: SymphonyConfig;
  http: HttpConfig;
  logger: Logger;
  /** Also consume every queue in this process (`symphony start`). */
  worker?: boolean;
  shutdownTimeoutSeconds?: number;
  /** Sync the app's declared schedules before the worker starts (`symphony start`). */
  syncSchedules?: boolean;
  /** Metrics port and monitor interval; without a metrics port, /metrics is on the API's port only. */
  observability: ObservabilityConfig;
  /** Also serve /metrics, /healthz, /readyz unauthenticated on this port (overrides the config's). */
  metricsPort?: number;
}

export interface RunningSystem {
  symphony: Symphony;
  metrics: SymphonyMetrics;
  http: Listening;
  worker?: Worker;
  /** The metrics/health server of its own (--metrics-port), besides /metrics on the API's port. */
  metricsUrl?: string;
  /** HTTP first (no new work), then the worker drains, then connections close. Idempotent. */
  stop(): Promise<void>;
}

/** The whole system in one process: instrumented bus, API, optional worker and schedule sync. */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { logger } = options;
  const observability = processObservability(options.observability, {
    withMetrics: true,
    metricsPort: options.metricsPort,
  });
  const metrics = observability.metrics!;
  const symphony = createSymphony(options.app, options.config, { ...observability.busOptions, logger });
  let api: ReturnType<typeof createHttpApp> | undefined;
  let worker: Worker | undefined;
  let http: Listening | undefined;
  let observed: ObservedProcess | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    stopped = true;
    await http?.close();
    await worker?.stop('requested');
    await observed?.stop();
    api?.close();
    await symphony.close();
  };
  try {
    api = createHttpApp({ symphony, config: options.http, logger, metrics });
    if (options.syncSchedules)
      logger.info({ report: await new Schedules(symphony).sync() }, 'schedules synced');
    if (options.worker) {
      const queues = symphony.queues.names();
      worker = new Worker(symphony, { queues, shutdownTimeoutSeconds: options.shutdownTimeoutSeconds ?? 30 });
      await worker.start();
    }
    http = await listen(api.app, options.http.host, options.http.port);
    // the cluster gauges (queue depth, …) and alerts, each from the one process holding its lease
    observed = await observability.start(symphony, logger, { running: () => !stopped });
  } catch (error) {
    await stop();
    throw error;
  }
  logger.info({ url: http.url, worker: Boolean(worker) }, 'symphony API listening');
  let stopping: Promise<void> | undefined;
  return {
    symphony,
    metrics,
    http,
    worker,
    metricsUrl: observed?.metricsUrl,
    stop: () => (stopping ??= stop()),
  };
}
