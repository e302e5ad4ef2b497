import {
  DelayedError,
  getDefaultBackendFactory,
  MetricsTime,
  UnrecoverableError,
  type Job,
  type BackendFactory,
  type MinimalJob,
  type WorkerOptions,
} from 'bullmq';
import { isRetryable, toError } from '../../errors';
import { retryDelay } from '../../retry/retry-decision';
import type { ConsumeOptions, Consumer, Processor } from '../transport';
import { countFinished, type BatchedWorkerMetrics } from './batched-worker-metrics';
import { BullMqWorker, type NotJson } from './bullmq-worker';
import { storeFault } from './store-faults';
import { attemptLogLine } from './job-message';
import { withRetryPolicy } from './job-options';
import { noteScheduledRun } from './scheduled-job';
import { envelopeOrFail } from './unreadable-job';

/** A consumer that also tells how many messages it has in hand (running or being recorded). */
export interface BullMqConsumer extends Consumer {
  inHand(): number;
}

/**
 * A BullMQ Worker around a Symphony processor. Retries stay BullMQ's (attempts + our backoff
 * strategy) so Bull Board shows them; Symphony only translates its error semantics.
 */
export function createBullMqConsumer(
  queue: string,
  processor: Processor,
  options: ConsumeOptions,
  workerOptions: Omit<WorkerOptions, 'concurrency' | 'settings'>,
  backendFactory?: BackendFactory,
  /** BullMQ's per-minute metrics: recorded by BullMQ per message (true), counted here and written in batches, or not. */
  recordMetrics: boolean | BatchedWorkerMetrics = true,
  /** After BullMQ recorded a message completed (the SQL stores' retention counts them). */
  onCompleted?: () => void,
): BullMqConsumer {
  const worker: BullMqWorker = new BullMqWorker(
    queue,
    async (job: Job, token?: string): Promise<void> => {
      noteScheduledRun(worker, job);
      return runJob(job, token, processor, options, worker.notJson(job));
    },
    {
      ...workerOptions,
      concurrency: options.concurrency,
      // After a store fault, fetch again this soon: BullMQ's default (15 s) left workers idle
      // that long after a PostgreSQL restart of a fraction of a second.
      runRetryDelay: RUN_RETRY_DELAY_MS,
      // BullMQ keeps one limiter per queue, so the limit holds over all workers; a global rate
      // limit set at runtime (queue:set --rate) takes precedence.
      ...(options.rateLimit
        ? { limiter: { max: options.rateLimit.max, duration: options.rateLimit.durationMs } }
        : {}),
      // Per-minute completed/failed counts for `GET /api/symphony/status` (one hour kept); on
      // Postgres they cost a write per message, so that backend turns them on only when asked.
      ...(recordMetrics === true ? { metrics: { maxDataPoints: MetricsTime.ONE_HOUR } } : {}),
      settings: {
        backoffStrategy: (attemptsMade: number, _type?: string, err?: Error, job?: MinimalJob) =>
          retryDelay(err, options.retryFor(job?.name ?? ''), attemptsMade),
      },
    },
    backendFactory ?? getDefaultBackendFactory(),
    { logger: options.logger, lockDurationMs: workerOptions.lockDuration ?? DEFAULT_LOCK_MS },
  );
  // Connection errors are retried by ioredis (a listener keeps Node from crashing on 'error'); an
  // outage is said at warn, at most every OUTAGE_LOG_MS, so a worker waiting is never silent.
  let outageLoggedAt = 0;
  worker.on('error', (error) => {
    if (storeFault(error) !== 'unreachable' || Date.now() - outageLoggedAt < OUTAGE_LOG_MS) return;
    outageLoggedAt = Date.now();
    options.logger?.warn(
      { queue, error: error.message },
      'store unreachable: the worker waits for it and resumes by itself',
    );
  });
  if (onCompleted) worker.on('completed', onCompleted);
  const batchedMetrics = typeof recordMetrics === 'object' ? recordMetrics : undefined;
  if (batchedMetrics) countFinished(worker, batchedMetrics);
  let closing: Promise<void> | undefined;
  return {
    ready: () => worker.waitUntilReady(),
    pause: () => worker.pause(true),
    resume: () => worker.resume(),
    close: async (force = false) => {
      if (force && closing) {
        // A graceful close is already waiting on handlers: cut the connection; BullMQ's stalled
        // check hands the unfinished messages to another worker once their lock expires.
        await worker.disconnect();
        return;
      }
      closing ??= worker.close(force);
      await closing;
      await batchedMetrics?.close();
    },
    inHand: () => worker.inHand,
  };
}

const RUN_RETRY_DELAY_MS = 500;
const OUTAGE_LOG_MS = 30_000;
const DEFAULT_LOCK_MS = 30_000;

async function runJob(
  job: Job,
  token: string | undefined,
  processor: Processor,
  options: ConsumeOptions,
  notJson: NotJson | undefined,
): Promise<void> {
  const attempt = job.attemptsMade + 1;
  const maxAttempts = withRetryPolicy(job, options.retryFor(job.name));
  const read = envelopeOrFail(job, attempt, options, notJson);
  const envelope = read instanceof Promise ? await read : read;
  try {
    await processor(envelope, { attempt, maxAttempts });
  } catch (thrown) {
    const error = toError(thrown);
    const retryable = isRetryable(error);
    if (retryable === true && attempt >= maxAttempts && token) {
      // RecoverableError past the last attempt: re-delay instead of failing.
      await job.moveToDelayed(Date.now() + retryDelay(error, options.retryFor(job.name), attempt), token);
      throw new DelayedError();
    }
    await noteFailedAttempt(job, attempt, error);
    if (retryable === false && error.name !== 'UnrecoverableError') {
      throw Object.assign(new UnrecoverableError(error.message), { stack: error.stack });
    }
    throw error;
  }
}

/**
 * BullMQ keeps a stack per failed attempt but the time of the last one only: a job log line per
 * failure gives the message detail every attempt's times. It must never change the outcome.
 */
async function noteFailedAttempt(job: Job, attempt: number, error: Error): Promise<void> {
  const line = attemptLogLine(attempt, job.processedOn ?? Date.now(), Date.now(), error.message);
  await job.log(line).catch(() => undefined);
}
