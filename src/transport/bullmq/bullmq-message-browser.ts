import type { Queue } from 'bullmq';
import type {
  BrowsePage,
  BrowseStep,
  MessageBrowser,
  MessageFilter,
  RemoveOutcome,
  StoredMessage,
} from '../message-browser';
import { storedMessageOf, type JobPlace } from './job-message';

/** The store-specific half of browsing: a bounded walk, and where one job is without a scan. */
export interface JobIndex {
  browse(queues: readonly string[], filter: MessageFilter, step: BrowseStep): Promise<BrowsePage>;
  placeOf(queue: string, id: string): Promise<JobPlace | undefined>;
}

/** BullMQ's job lines the consumer writes per failed attempt; a message has few attempts. */
const MAX_LOG_LINES = 200;
/** BullMQ's code for a job that belongs to a job scheduler (its pending run). */
const BELONGS_TO_SCHEDULER = -8;

/**
 * Browsing on BullMQ, Redis or PostgreSQL alike: reads and actions go through BullMQ's own API
 * (atomic in its scripts and SQL functions); walks and states through the store's JobIndex.
 */
export class BullMqMessageBrowser implements MessageBrowser {
  constructor(
    private readonly queue: (name: string) => Queue,
    private readonly index: JobIndex,
  ) {}

  browse(queues: readonly string[], filter: MessageFilter, step: BrowseStep): Promise<BrowsePage> {
    return this.index.browse(queues, filter, step);
  }

  async get(queue: string, id: string): Promise<StoredMessage | undefined> {
    const q = this.queue(queue);
    const [job, place] = await Promise.all([q.getJob(id), this.index.placeOf(queue, id)]);
    if (!job || !place) return undefined;
    const { logs } = await q.getJobLogs(id, 0, MAX_LOG_LINES - 1, true);
    return storedMessageOf(job, place, logs);
  }

  async promote(queue: string, id: string): Promise<boolean> {
    const job = await this.queue(queue).getJob(id);
    if (!job) return false;
    // BullMQ's promote is atomic and refuses a job that is no longer delayed.
    return job.promote().then(
      () => true,
      () => false,
    );
  }

  async remove(queue: string, id: string): Promise<RemoveOutcome> {
    const q = this.queue(queue);
    try {
      // Atomic in BullMQ: a job locked by a worker (active) is left alone and 0 comes back.
      if ((await q.remove(id)) === 1) return 'removed';
    } catch (error) {
      if ((error as { code?: unknown }).code === BELONGS_TO_SCHEDULER) return 'scheduled';
      throw error;
    }
    return (await q.getJob(id)) ? 'active' : 'missing';
  }
}
