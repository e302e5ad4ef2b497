import type { Job, Queue } from 'bullmq';
import { dispatchedPriorityOf } from './job-envelope';
import type { PrioritizedMessage, PriorityAging } from '../capabilities';

const PAGE = 200;

/**
 * Aging on BullMQ's PostgreSQL backend. Its prioritized listing is always highest priority first
 * (`ORDER BY priority, seq DESC`, whatever `asc` says), while aging wants the lowest first and
 * stops at the floor. So it pages from the end of the listing and reads each page backwards.
 */
export class SqlPriorityAging implements PriorityAging {
  constructor(private readonly queue: (name: string) => Queue) {}

  async reprioritize(
    queueName: string,
    floor: number,
    decide: (m: PrioritizedMessage) => number | undefined,
  ): Promise<number> {
    const queue = this.queue(queueName);
    let changed = 0;
    for (let end = (await queue.getPrioritizedCount()) - 1; end >= 0; end -= PAGE) {
      const page = await queue.getJobs(['prioritized'], Math.max(0, end - PAGE + 1), end, false);
      for (const job of (page.filter(Boolean) as Job[]).reverse()) {
        if (job.priority <= floor) return changed;
        const next = decide({
          id: String(job.id),
          priority: job.priority,
          dispatchedPriority: dispatchedPriorityOf(job),
          enqueuedAt: job.timestamp,
        });
        if (next !== undefined && next < job.priority) {
          // the job may have been taken meanwhile; the next pass sees the truth
          await job.changePriority({ priority: next }).then(
            () => changed++,
            () => undefined,
          );
        }
      }
    }
    return changed;
  }
}
