import type { Job } from 'bullmq';
import type { Envelope } from '../../message/envelope';
import { decodeEnvelope } from '../../message/serializer';

/** What the envelope of a job is read from: a BullMQ Job, or the same fields read from the store. */
export type JobLike = Pick<Job, 'id' | 'name' | 'data' | 'queueName' | 'timestamp' | 'repeatJobKey' | 'opts'>;

/** A job's data decoded with what BullMQ keeps beside it (id, name, queue, timestamp). */
export function decodeJobEnvelope(job: JobLike, attempt: number): Envelope {
  return decodeEnvelope(job.data, attempt, {
    id: String(job.id),
    type: job.name,
    queue: job.queueName,
    storedAt: job.timestamp,
  });
}

/** The level given at dispatch; the compact form leaves `normal` out. */
export function dispatchedPriorityOf(job: Job): string | number {
  return job.data?.meta?.priority ?? 'normal';
}
