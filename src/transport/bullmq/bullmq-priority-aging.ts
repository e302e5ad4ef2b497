import type { Job, Queue } from 'bullmq';
import { dispatchedPriorityOf } from './job-envelope';
import type { PrioritizedMessage, PriorityAging } from '../capabilities';

const PAGE = 200;

/** Aging over BullMQ's prioritized set, read from the low-priority end, page by page. */
export class BullMqPriorityAging implements PriorityAging {
  constructor(private readonly queue: (name: string) => Queue) {}

  async reprioritize(
    queueName: string,
    floor: number,
    decide: (m: PrioritizedMessage) => number | undefined,
  ): Promise<number> {
    const queue = this.queue(queueName);
    let changed = 0;
    for (let start = 0; ; start += PAGE) {
      // descending: lowest priority (largest number) first
      const jobs = (await queue.getJobs(['prioritized'], start, start + PAGE - 1, false)).filter(
        Boolean,
      ) as Job[];
      for (const job of jobs) {
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
      if (jobs.length < PAGE) return changed;
    }
  }
}
