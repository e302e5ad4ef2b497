import path from 'node:path';
import { startCli, type CliProcess } from '../../test/fixtures/cli-process';
import type { ChaosStore } from './stores';

export const CHAOS_APP = path.resolve(__dirname, '../app.ts');

/**
 * Lock settings of chaos workers: a worker presumed dead after 5 s, checked every 2 s, so a
 * killed worker's messages come back within seconds (the defaults, 30 s each, are for production).
 */
export const LOCK_MS = 5000;
export const STALLED_MS = 2000;

export interface WorkerOptions {
  concurrency: number;
  shutdownTimeoutS?: number;
  env?: Record<string, string>;
}

/** A `symphony worker` process on the store's chaos queue, as operators start it. */
export function startWorker(store: ChaosStore, ledger: string, options: WorkerOptions): CliProcess {
  return startCli(
    [
      'worker',
      '--concurrency',
      String(options.concurrency),
      '--shutdown-timeout',
      String(options.shutdownTimeoutS ?? 10),
      '--no-schedule-sync',
    ],
    {
      SYMPHONY_TRANSPORT_DSN: store.dsn,
      SYMPHONY_REDIS_PREFIX: store.prefix,
      SYMPHONY_APP: CHAOS_APP,
      SYMPHONY_AUTO_MIGRATE: 'true',
      SYMPHONY_LOCK_DURATION_MS: String(LOCK_MS),
      SYMPHONY_STALLED_INTERVAL_MS: String(STALLED_MS),
      CHAOS_LEDGER: ledger,
      LOG_LEVEL: 'info',
      ...options.env,
    },
  );
}

/** Resolves when the worker logged that it consumes (its store connection is up). */
export async function started(worker: CliProcess): Promise<void> {
  await worker.waitForLog((line) => line.msg === 'worker started', 120_000);
}

/** SIGTERM, then the shutdown budget and a margin; a worker still running after that is killed. */
export async function stopWorkers(workers: CliProcess[]): Promise<void> {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.waitForExit(60_000).catch(() => w.kill())));
}
