import type { Job, Queue } from 'bullmq';
import type { RemoveIfFailed } from './remove-if-failed';
import { readableEnvelope } from './scheduled-job';
import type { FailedMessage, FailedStore } from '../capabilities';

const PURGE_PAGE = 1000;

/** The failed store on BullMQ's `failed` state (retained by removeOnFail age). */
export class BullMqFailedStore implements FailedStore {
  constructor(
    private readonly queue: (name: string) => Queue,
    private readonly removeIfFailed: RemoveIfFailed,
  ) {}

  async countFailed(queue: string): Promise<number> {
    return this.queue(queue).getFailedCount();
  }

  async listFailed(queue: string, start: number, end: number): Promise<FailedMessage[]> {
    if (end < start) return [];
    // asc=false: the failed zset is scored by failure time, so this is newest first
    const jobs = await this.queue(queue).getJobs(['failed'], start, end, false);
    return jobs.filter(Boolean).map((job) => toFailedMessage(queue, job));
  }

  async getFailed(queue: string, id: string): Promise<FailedMessage | undefined> {
    const job = await this.failedJob(queue, id);
    return job && toFailedMessage(queue, job);
  }

  async retryFailed(queue: string, id: string): Promise<boolean> {
    const job = await this.failedJob(queue, id);
    if (!job) return false;
    try {
      // Atomic in BullMQ's script: only a job still in the failed set moves back to wait/prioritized.
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    } catch (error) {
      if (await this.isGone(queue, id)) return false; // retried or removed meanwhile
      throw error;
    }
  }

  /** BullMQ's own removeOnFail age only runs when another job fails: a quiet queue needs this sweep. */
  async purgeFailed(queue: string, olderThanMs: number): Promise<number> {
    let purged = 0;
    for (;;) {
      const ids = await this.queue(queue).clean(olderThanMs, PURGE_PAGE, 'failed');
      purged += ids.length;
      if (ids.length < PURGE_PAGE) return purged;
    }
  }

  removeFailed(queue: string, id: string): Promise<boolean> {
    return this.removeIfFailed(this.queue(queue), id);
  }

  private async failedJob(queue: string, id: string): Promise<Job | undefined> {
    const job = await this.queue(queue).getJob(id);
    if (!job || !(await job.isFailed())) return undefined;
    return job;
  }

  private async isGone(queue: string, id: string): Promise<boolean> {
    return (await this.failedJob(queue, id)) === undefined;
  }
}

function toFailedMessage(queue: string, job: Job): FailedMessage {
  const attemptsMade = job.attemptsMade;
  const stack = job.stacktrace?.at(-1) ?? undefined; // BullMQ appends one stack per failed attempt
  return {
    id: job.id!,
    queue,
    type: job.name,
    envelope: readableEnvelope(job, Math.max(attemptsMade, 1)),
    error: stack ? { message: job.failedReason, stack } : { message: job.failedReason },
    attemptsMade,
    failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
  };
}
