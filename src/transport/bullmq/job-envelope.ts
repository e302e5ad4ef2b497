import type { Job } from 'bullmq';
import type { Envelope } from '../../message/envelope';
import { decodeEnvelope } from '../../message/serializer';

/** A job's data decoded with what BullMQ keeps beside it (id, name, queue, timestamp). */
export function decodeJobEnvelope(job: Job, attempt: number): Envelope {
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
