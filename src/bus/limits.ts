import { z } from 'zod';

const DAY_MS = 86_400_000;

/**
 * Bounds on every time, size and count Symphony accepts, from code, the CLI, HTTP and the
 * environment alike; docs/delivery-semantics.md says why each is what it is. Out of range is a
 * field-level ValidationError, never a silent clamp.
 */
export const LIMITS = {
  /**
   * delay, availableAt, idempotency windows, schedule intervals and retry delays: at most a year
   * ahead. BullMQ scores a delayed job as timestamp * 4096, exact only below 2^41 ms (2039), and
   * a larger or non-finite time turned into a NaN delay that ran at once.
   */
  maxDelayMs: 366 * DAY_MS,
  /** Schedules: a job per millisecond would flood the queue; under 100 ms work is a worker loop. */
  minEveryMs: 100,
  /** Messages in hand at once per worker and queue, and the runtime cap over all workers. */
  maxConcurrency: 10_000,
  /** Rate limit: at most this many messages per window, windows up to a day. */
  maxRateMax: 1_000_000,
  maxRateDurationMs: DAY_MS,
  /** `--limit`, schedule `limit`: counts of messages or runs. */
  maxCount: 1_000_000_000,
  /** Node timers fire at once past 2^31 - 1 ms (24.8 days): a longer --time-limit stopped at once. */
  maxTimeLimitSeconds: 24 * 86_400,
  /** Graceful shutdown: an orchestrator kills long before an hour. */
  maxShutdownTimeoutSeconds: 3600,
  /** `--memory-limit`: from a bare Node process (~64 MB) up to 1 TB. */
  minMemoryLimitMb: 64,
  maxMemoryLimitMb: 1_048_576,
  /** Retries per message (Symfony's -1 "unlimited" is RecoverableError here) and backoff growth. */
  maxRetries: 1000,
  maxRetryMultiplier: 100,
  /** dispatchBatch from code (HTTP takes 1,000 per request). */
  maxLibraryBatch: 100_000,
  /** Envelope metadata: ids and headers travel with every message and every log line. */
  maxIdLength: 512,
  maxHeaders: 64,
  maxHeaderNameLength: 128,
  maxHeaderValueLength: 2048,
  /** Producers: how long to wait for the store (SYMPHONY_STORE_TIMEOUT_MS). */
  minStoreTimeoutMs: 100,
  maxStoreTimeoutMs: 300_000,
} as const;

/** Epoch ms of 2100-01-01: a static ceiling the OpenAPI schema can state; the real bound is relative. */
export const MAX_EPOCH_MS = 4_102_444_800_000;

const int = (min: number, max: number, unit = '') =>
  z
    .number()
    .int()
    .min(min, `must be at least ${min.toLocaleString('en-US')}${unit}`)
    .max(max, `must be at most ${max.toLocaleString('en-US')}${unit}`);

const epochMs = () =>
  z.number().int().min(0).max(MAX_EPOCH_MS, 'must be at most 4,102,444,800,000 (2100-01-01T00:00:00Z)');

/** zod fields shared by every entry, so the OpenAPI document states the same bounds. */
export const bounded = {
  delayMs: () => int(0, LIMITS.maxDelayMs, ' ms (366 days)'),
  windowMs: () => int(1, LIMITS.maxDelayMs, ' ms (366 days)'),
  everyMs: () => int(LIMITS.minEveryMs, LIMITS.maxDelayMs, ' ms'),
  concurrency: () => int(1, LIMITS.maxConcurrency),
  rateMax: () => int(1, LIMITS.maxRateMax),
  rateDurationMs: () => int(1, LIMITS.maxRateDurationMs, ' ms (a day)'),
  count: () => int(1, LIMITS.maxCount),
  epochMs: () => epochMs(),
  id: () => z.string().min(1).max(LIMITS.maxIdLength),
  /** A "not before" time: a valid Date, an ISO time with offset or epoch ms, at most a year ahead. */
  notBefore: () =>
    z
      .union([z.date(), z.iso.datetime({ offset: true }), epochMs()], {
        error: 'expected a valid Date, an ISO date-time with offset or epoch ms',
      })
      .superRefine(
        (value, ctx) => {
          const problem = futureTimeProblem(value);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        },
        { when: (payload) => payload.issues.length === 0 }, // only a time that passed the type check
      )
      .describe('Not before this time (ISO date-time with offset, or epoch ms), at most 366 days from now'),
  headers: () =>
    z
      .record(z.string().min(1).max(LIMITS.maxHeaderNameLength), z.string().max(LIMITS.maxHeaderValueLength))
      .refine((h) => Object.keys(h).length <= LIMITS.maxHeaders, `at most ${LIMITS.maxHeaders} headers`),
};

/**
 * Why a point in time cannot be used as a "not before" time, or undefined when it can: a real
 * time at most maxDelayMs from now (any past time means "now").
 */
export function futureTimeProblem(value: Date | string | number, now = Date.now()): string | undefined {
  const at = new Date(value).getTime();
  if (!Number.isFinite(at)) return 'is not a valid time';
  if (at - now > LIMITS.maxDelayMs) {
    return `must be at most 366 days from now (before ${new Date(now + LIMITS.maxDelayMs).toISOString()})`;
  }
  return undefined;
}
