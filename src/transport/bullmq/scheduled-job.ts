import type { Job } from 'bullmq';
import type { Envelope } from '../../message/envelope';
import { decodeJobEnvelope, type JobLike } from './job-envelope';

/** Queue-meta field names of Symphony's schedule records (the meta store exists on Redis and Postgres). */
export const RECORD_FIELD = 'symphony:schedule:';
export const LAST_RUN_FIELD = 'symphony:schedule-run:';

/** BullMQ names each run of a job scheduler `repeat:<schedulerId>:<dueMillis>`. */
export function dueTimeOf(jobId: string): number | undefined {
  const millis = Number(jobId.slice(jobId.lastIndexOf(':') + 1));
  return Number.isFinite(millis) && millis > 0 ? millis : undefined;
}

/**
 * The envelope a job carries. A job scheduler copies one template into every run, so a run gets
 * its own identity here: the job id (unique per due time, stable across retries) becomes the
 * message id, and the due time its dispatch time.
 */
export function envelopeOfJob(job: JobLike, attempt: number): Envelope {
  const envelope = decodeJobEnvelope(job, attempt);
  if (!job.repeatJobKey || !job.id) return envelope;
  const due = dueTimeOf(job.id) ?? job.timestamp;
  return {
    ...envelope,
    id: job.id,
    correlationId: envelope.correlationId === envelope.id ? job.id : envelope.correlationId,
    dispatchedAt: new Date(due).toISOString(),
  };
}

/**
 * Jobs added outside Symphony (raw BullMQ, Bull Board, legacy imports) are still shown: their data
 * becomes the body so an operator can inspect, retry or remove them.
 */
export function readableEnvelope(job: JobLike, attempt: number): Envelope {
  try {
    return envelopeOfJob(job, attempt);
  } catch {
    return {
      id: String(job.id),
      type: job.name,
      body: job.data,
      queue: job.queueName,
      dispatchedAt: new Date(job.timestamp).toISOString(),
      correlationId: String(job.id),
      priority: job.opts?.priority ?? 'normal',
      headers: {},
      attempt,
    };
  }
}

interface MetaWriter {
  getBackend(): { setQueueMeta(values: Record<string, string | number>): Promise<number> };
}

/** Records the due time of a timetable run when its first attempt starts (for `schedule:list`). */
export function noteScheduledRun(worker: MetaWriter, job: Job): void {
  if (!job.repeatJobKey || !job.id || job.attemptsMade > 0) return;
  const due = dueTimeOf(job.id);
  if (due === undefined) return;
  // Display only: a lost write must never fail the run.
  void worker
    .getBackend()
    .setQueueMeta({ [`${LAST_RUN_FIELD}${job.repeatJobKey}`]: due })
    .catch(() => undefined);
}
