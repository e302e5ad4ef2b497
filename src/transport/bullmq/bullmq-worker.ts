import {
  Worker,
  type BackendFactory,
  type IQueueBackend,
  type Job,
  type JobJson,
  type Processor,
  type WorkerOptions,
} from 'bullmq';
import type { Logger } from '../../logger';
import { faultCode, storeFault } from './store-faults';

type BaseWorker = Worker<unknown, unknown, string, IQueueBackend>;

export interface NotJson {
  raw: string;
  reason: string;
}

export interface WorkerFaultOptions {
  logger?: Logger;
  /** Past this after the first failed attempt the lock is gone: another worker owns the message. */
  lockDurationMs: number;
}

/**
 * BullMQ's Worker with two faults handled where BullMQ lets them loop or double a message:
 * - a job whose stored data is not JSON is still handed to the processor (marked unreadable)
 *   instead of failing inside the fetch and staying active forever;
 * - recording a finished attempt (completion or failure) that the store aborted (a PostgreSQL
 *   deadlock, or the store restarting) is retried. BullMQ would fail a message whose completion
 *   deadlocked, and so run it twice, and would leave one whose completion hit a restart active
 *   until its lock expired, with nothing logged. Every retry and every loss is logged at warn.
 */
export class BullMqWorker extends Worker<unknown, unknown, string, IQueueBackend> {
  private readonly unreadable = new WeakMap<Job, NotJson>();
  private held = 0;

  constructor(
    name: string,
    processor: Processor,
    options: WorkerOptions,
    backendFactory: BackendFactory,
    private readonly faults: WorkerFaultOptions,
  ) {
    super(name, processor, options, backendFactory);
  }

  /** Messages taken and not finished yet: a handler running, or its outcome being recorded. */
  get inHand(): number {
    return this.held;
  }

  override async processJob(...args: Parameters<BaseWorker['processJob']>) {
    this.held++;
    try {
      return await super.processJob(...args);
    } finally {
      this.held--;
    }
  }

  /** The stored data of a job that is not JSON, and why it could not be parsed. */
  notJson(job: Job): NotJson | undefined {
    return this.unreadable.get(job);
  }

  protected override createJob(data: JobJson, jobId: string): Job {
    try {
      return super.createJob(data, jobId);
    } catch (error) {
      const job = super.createJob({ ...data, data: 'null' }, jobId);
      this.unreadable.set(job, { raw: data.data, reason: (error as Error).message });
      return job;
    }
  }

  protected override handleCompleted(...args: Parameters<BaseWorker['handleCompleted']>): Promise<Job> {
    return this.recording('completion', args[1], () => super.handleCompleted(...args));
  }

  protected override handleFailed(...args: Parameters<BaseWorker['handleFailed']>): Promise<Job> {
    return this.recording('failure', args[1], () => super.handleFailed(...args));
  }

  /**
   * Runs BullMQ's finishing step, again while the store reports a fault that a retry can fix. A
   * statement PostgreSQL aborted left nothing behind, so running it again records the attempt once.
   */
  private async recording(what: string, job: Job, finish: () => Promise<Job>): Promise<Job> {
    const deadline = Date.now() + this.faults.lockDurationMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await finish();
      } catch (error) {
        const fault = storeFault(error);
        const fields = { id: job.id, queue: job.queueName, attempt, error: (error as Error).message };
        if (!fault) {
          if (attempt === 1) throw error;
          // A retry after a dropped connection found the message no longer ours: most likely the
          // first try was committed before the reply was lost; else its lock expired meanwhile.
          this.warn(
            fields,
            `${what} of message ${job.id} not confirmed after a store fault: it may run again`,
          );
          return undefined as unknown as Job;
        }
        const code = faultCode(error, fault);
        if (Date.now() >= deadline || (fault === 'unreachable' && this.closing) || attempt >= MAX_ATTEMPTS) {
          this.warn(
            { ...fields, code },
            `${what} of message ${job.id} lost (${code}): it runs again once its lock expires`,
          );
          return undefined as unknown as Job;
        }
        const waitMs = backoff(fault, attempt);
        this.warn(
          { ...fields, code, retryInMs: waitMs },
          `${what} of message ${job.id} not recorded (${code}): retrying`,
        );
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  private warn(fields: Record<string, unknown>, message: string): void {
    this.faults.logger?.warn(fields, message);
  }
}

/** Enough for a deadlock storm; a store that stays away is bounded by the lock duration instead. */
const MAX_ATTEMPTS = 1000;

/** Conflicts clear at once (the other statement has gone on); a restarting store takes a moment. */
function backoff(fault: 'conflict' | 'unreachable', attempt: number): number {
  if (fault === 'conflict') return Math.round(Math.random() * 20 * Math.min(attempt, 5));
  return Math.min(100 * 2 ** (attempt - 1), 1000);
}
