import type { Job, Queue } from 'bullmq';
import type { PrioritizedMessage, PriorityAging } from '../capabilities';
import { AGING_PAGE, ageJob } from './age-job';

/** Aging over BullMQ's prioritized set on Redis, read from the low-priority end, page by page. */
export class BullMqPriorityAging implements PriorityAging {
  constructor(private readonly queue: (name: string) => Queue) {}

  async reprioritize(
    queueName: string,
    floor: number,
    decide: (m: PrioritizedMessage) => number | undefined,
  ): Promise<number> {
    const queue = this.queue(queueName);
    let changed = 0;
    for (let start = 0; ; start += AGING_PAGE) {
      // descending: lowest priority (largest number) first
      const jobs = (await queue.getJobs(['prioritized'], start, start + AGING_PAGE - 1, false)).filter(
        Boolean,
      ) as Job[];
      for (const job of jobs) {
        const promoted = await ageJob(job, floor, decide);
        if (promoted === undefined) return changed;
        if (promoted) changed++;
      }
      if (jobs.length < AGING_PAGE) return changed;
    }
  }
}
