import type { Job, Queue } from 'bullmq';
import type { PrioritizedMessage, PriorityAging } from '../capabilities';
import { ageJob, agingPageSize } from './age-job';

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
    for (let page = 0, start = 0; ; page++) {
      const size = agingPageSize(page);
      // descending: lowest priority (largest number) first
      const jobs = (await queue.getJobs(['prioritized'], start, start + size - 1, false)).filter(
        Boolean,
      ) as Job[];
      for (const job of jobs) {
        const promoted = await ageJob(job, floor, decide);
        if (promoted === undefined) return changed;
        if (promoted) changed++;
      }
      if (jobs.length < size) return changed;
      start += size;
    }
  }
}
