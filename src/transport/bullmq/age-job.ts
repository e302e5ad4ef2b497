import type { Job } from 'bullmq';
import type { PrioritizedMessage } from '../capabilities';
import { dispatchedPriorityOf } from './job-envelope';

const FIRST_PAGE = 16;
const LARGEST_PAGE = 256;

/**
 * Pages grow (16, 64, 256, 256, …): a pass usually stops within the first few jobs (at the floor),
 * so it should not read a few hundred full jobs every time, yet a long aged tail still goes fast.
 */
export const agingPageSize = (page: number): number => Math.min(LARGEST_PAGE, FIRST_PAGE * 4 ** page);

/**
 * One job of an aging pass: `undefined` when the pass reached the floor and must stop, otherwise
 * whether the job was promoted. A job taken meanwhile is skipped; the next pass sees the truth.
 */
export async function ageJob(
  job: Job,
  floor: number,
  decide: (m: PrioritizedMessage) => number | undefined,
): Promise<boolean | undefined> {
  if (job.priority <= floor) return undefined;
  const next = decide({
    id: String(job.id),
    priority: job.priority,
    dispatchedPriority: dispatchedPriorityOf(job),
    enqueuedAt: job.timestamp,
  });
  if (next === undefined || next >= job.priority) return false;
  return job.changePriority({ priority: next }).then(
    () => true,
    () => false,
  );
}
