import type { Job } from 'bullmq';
import { RetryStrategy } from '../../../src/retry/retry-strategy';
import {
  BACKOFF_TYPE,
  storedMaxAttempts,
  toJobOptions,
  withRetryPolicy,
} from '../../../src/transport/bullmq/job-options';

const jobWith = (opts: Record<string, unknown>) => ({ opts }) as unknown as Job;

describe('job options', () => {
  it('store the message id as job id and no retry options', () => {
    expect(toJobOptions('m-1', { attempts: 4 })).toEqual({ jobId: 'm-1' });
    expect(
      toJobOptions('m-2', { attempts: 4, priority: 2000, delayMs: 50, dedup: { id: 'k', ttlMs: 10 } }),
    ).toEqual({
      jobId: 'm-2',
      priority: 2000,
      delay: 50,
      deduplication: { id: 'k', ttl: 10 },
    });
  });

  it("give a delivered job its type's retry policy: BullMQ's attempts and Symphony's backoff", () => {
    const job = jobWith({ attempts: 0 }); // what BullMQ stores when none is given
    expect(withRetryPolicy(job, new RetryStrategy({ maxRetries: 2 }))).toBe(3);
    expect(job.opts).toMatchObject({ attempts: 3, backoff: { type: BACKOFF_TYPE } });
    expect(storedMaxAttempts(jobWith({ attempts: 0 }))).toBeUndefined();
  });

  it('leave a job stored with attempts (an earlier version, or by hand) as it is', () => {
    const job = jobWith({ attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    expect(withRetryPolicy(job, new RetryStrategy({ maxRetries: 0 }))).toBe(5);
    expect(job.opts.backoff).toEqual({ type: 'fixed', delay: 10 });
    expect(storedMaxAttempts(job)).toBe(5);
  });
});
