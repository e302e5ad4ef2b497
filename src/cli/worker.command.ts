import type { Command } from 'commander';
import { onStopSignal } from './stop-signals';
import { observabilityConfigFromEnv } from '../config/observability-config';
import { syncSchedulesOnStart } from '../scheduler/sync-on-start';
import { processObservability } from '../system/observability';
import { Worker } from '../worker/worker';
import { LIMITS } from '../bus/limits';
import { createCliContext } from './context';
import { csv, intIn } from './parse';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('consume messages until stopped (SIGTERM/SIGINT finish in-flight work first)')
    .option(
      '--queues <a,b>',
      'queues to consume, in order of preference: a queue is served only while those before it have nothing waiting (default: all configured, side by side)',
      csv,
    )
    .option(
      '--concurrency <n>',
      'messages handled at once per queue (default: per queue config)',
      intIn(1, LIMITS.maxConcurrency),
    )
    .option('--limit <n>', 'stop after n messages', intIn(1, LIMITS.maxCount))
    .option(
      '--time-limit <s>',
      'stop after s seconds (at most 24 days)',
      intIn(1, LIMITS.maxTimeLimitSeconds),
    )
    .option(
      '--memory-limit <mb>',
      'stop when resident memory exceeds mb',
      intIn(LIMITS.minMemoryLimitMb, LIMITS.maxMemoryLimitMb),
    )
    .option(
      '--shutdown-timeout <s>',
      'seconds in-flight handlers get to finish on stop',
      intIn(0, LIMITS.maxShutdownTimeoutSeconds),
      30,
    )
    .option('--no-schedule-sync', 'do not sync the declared schedules before consuming')
    .option('--side-by-side', 'with --queues: consume every queue at once instead of in the given order')
    .option(
      '--metrics-port <port>',
      'serve /metrics, /healthz and /readyz on this port (default SYMPHONY_METRICS_PORT; none)',
      intIn(0, 65_535),
    )
    .option('--no-alerts', 'take no part in evaluating the alert rules (another process does)')
    .action(async (opts) => {
      const observability = processObservability(observabilityConfigFromEnv(), {
        metricsPort: opts.metricsPort,
        alerts: opts.alerts,
      });
      const { symphony, logger } = await createCliContext({
        logsToStdout: true,
        bus: observability.busOptions,
      });
      const queues: string[] = opts.queues ?? symphony.queues.names();
      queues.forEach((q) => symphony.queues.options(q)); // unknown queue -> clear error before starting
      const worker = new Worker(symphony, {
        queues,
        concurrency: opts.concurrency,
        limit: opts.limit,
        timeLimitSeconds: opts.timeLimit,
        memoryLimitMb: opts.memoryLimit,
        shutdownTimeoutSeconds: opts.shutdownTimeout,
        // an explicit list is an order of preference, as in Symfony's messenger:consume high low
        queueOrder: opts.queues && !opts.sideBySide ? 'ordered' : 'side-by-side',
      });
      // before connecting and syncing: a stop requested during start-up still exits cleanly
      const stopListening = onStopSignal(logger, (signal) => {
        logger.info({ signal }, 'signal received');
        void worker.stop('signal');
      });
      // a worker waits for its store: the sync is retried until it answers or a stop is asked for
      const keepTrying = () => !worker.stopRequested;
      const observed = await observability.start(symphony, logger, { running: () => worker.consuming });
      await worker.run(async () => {
        if (opts.scheduleSync) await syncSchedulesOnStart(symphony, logger, { keepTrying });
      });
      await observed.stop();
      await symphony.close();
      stopListening();
    });
}
