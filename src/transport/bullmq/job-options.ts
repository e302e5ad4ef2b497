import type { Job, JobsOptions } from 'bullmq';
import type { RetryStrategy } from '../../retry/retry-strategy';
import type { SendOptions } from '../transport';

export const BACKOFF_TYPE = 'symphony';
/** One object for every job: BullMQ only reads it. */
const BACKOFF = Object.freeze({ type: BACKOFF_TYPE });

/**
 * Symphony send options -> BullMQ job options. The job id is the envelope id. Retry options are
 * not stored with each job: the consumer applies the type's retry strategy at delivery
 * (withRetryPolicy), so a job stores, and BullMQ checks, only what is its own.
 */
export function toJobOptions(id: string, options: SendOptions): JobsOptions {
  const opts: JobsOptions = { jobId: id };
  if (options.priority !== undefined) opts.priority = options.priority;
  if (options.delayMs) opts.delay = options.delayMs;
  if (options.dedup) {
    const { id: dedupId, ttlMs, extend, replace } = options.dedup;
    opts.deduplication = {
      id: dedupId,
      ...(ttlMs ? { ttl: ttlMs } : {}),
      ...(extend ? { extend } : {}),
      ...(replace ? { replace } : {}),
    };
  }
  return opts;
}

/**
 * Gives a delivered job its type's retry policy, as Symfony asks the retry strategy when a
 * message fails: BullMQ decides on the job in hand (`opts.attempts`, `opts.backoff`, Symphony's
 * backoff strategy) whether and when it runs again, and counts attempts as before. A job stored
 * with attempts (by an earlier version, or by hand) keeps them. Returns the job's max attempts.
 */
export function withRetryPolicy(job: Job, strategy: RetryStrategy): number {
  if (!job.opts.attempts) {
    job.opts.attempts = strategy.maxAttempts;
    job.opts.backoff = BACKOFF;
  }
  return job.opts.attempts;
}

/** Max attempts of a stored job; undefined when it stores none (its type's retry policy decides). */
export function storedMaxAttempts(job: Pick<Job, 'opts'>): number | undefined {
  return job.opts?.attempts || undefined;
}
