import type { Job, Queue } from 'bullmq';
import type { PrioritizedMessage, PriorityAging } from '../capabilities';
import { ageJob, agingPageSize } from './age-job';

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
    let end = (await queue.getPrioritizedCount()) - 1;
    for (let page = 0; end >= 0; page++) {
      const size = agingPageSize(page);
      const jobs = await queue.getJobs(['prioritized'], Math.max(0, end - size + 1), end, false);
      for (const job of (jobs.filter(Boolean) as Job[]).reverse()) {
        const promoted = await ageJob(job, floor, decide);
        if (promoted === undefined) return changed;
        if (promoted) changed++;
      }
      end -= size;
    }
    return changed;
  }
}
