import type { JobsOptions } from 'bullmq';
import type { SendOptions } from '../transport';

export const BACKOFF_TYPE = 'symphony';

/** Symphony send options -> BullMQ job options. The job id is the envelope id. */
export function toJobOptions(id: string, options: SendOptions): JobsOptions {
  const opts: JobsOptions = { jobId: id, attempts: options.attempts, backoff: { type: BACKOFF_TYPE } };
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
