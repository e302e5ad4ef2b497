import { randomUUID } from 'node:crypto';
import type { BulkProgress } from '../../src/failed/bulk-walk';

export interface BulkJob {
  id: string;
  label: string;
  progress: BulkProgress;
  done: boolean;
  error?: string;
}

/** Finished jobs kept for their progress bars to read. */
const KEEP = 20;

/**
 * Bulk retries/removals started from the UI, run in this process while the page polls their
 * progress. In memory: behind several instances, the poll must reach the one that started it.
 */
export class BulkJobs {
  private readonly jobs = new Map<string, BulkJob>();

  start(label: string, run: (onProgress: (p: BulkProgress) => void) => Promise<BulkProgress>): BulkJob {
    const job: BulkJob = {
      id: randomUUID(),
      label,
      progress: { done: 0, matched: 0, scanned: 0 },
      done: false,
    };
    this.jobs.set(job.id, job);
    run((p) => (job.progress = p)).then(
      (p) => Object.assign(job, { progress: p, done: true }),
      (error: Error) => Object.assign(job, { error: error.message, done: true }),
    );
    for (const id of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - KEEP))) this.jobs.delete(id);
    return job;
  }

  get(id: string): BulkJob | undefined {
    return this.jobs.get(id);
  }
}
