import { UnrecoverableError, type Job } from 'bullmq';
import { toError } from '../../errors';
import type { Envelope } from '../../message/envelope';
import { UnreadableMessageError } from '../../message/serializer';
import type { ConsumeOptions } from '../transport';
import type { NotJson } from './bullmq-worker';
import { envelopeOfJob } from './scheduled-job';

/**
 * The envelope of a delivered job, or, when its stored data cannot be read (not JSON, not a v1
 * envelope), a failure that sends it to the failed store at once with its reason and its delivery
 * line: retrying cannot fix stored data, and a message that fails inside the fetch would stay
 * active and be recovered as stalled again and again. Synchronous unless the data is not JSON
 * (every delivery passes here; an await would cost each one a turn of the event loop).
 */
export function envelopeOrFail(
  job: Job,
  attempt: number,
  options: ConsumeOptions,
  notJson: NotJson | undefined,
): Envelope | Promise<never> {
  if (notJson) return quarantine(job, notJson).then((error) => unreadable(job, attempt, options, error));
  try {
    return envelopeOfJob(job, attempt);
  } catch (thrown) {
    return unreadable(job, attempt, options, thrown);
  }
}

function unreadable(job: Job, attempt: number, options: ConsumeOptions, thrown: unknown): never {
  const error = toError(thrown);
  const delivery = { id: String(job.id), type: job.name, queue: job.queueName, attempt };
  options.onUnreadable?.(delivery, error);
  throw Object.assign(new UnrecoverableError(error.message), { stack: error.stack });
}

/**
 * Keeps the text as a JSON string, so the failed store (which parses every job it lists) can show
 * it and an operator can read, fix or remove it. The text itself is kept as it was.
 */
async function quarantine(job: Job, notJson: NotJson): Promise<Error> {
  await job.updateData(notJson.raw).catch(() => undefined);
  return new UnreadableMessageError('Unreadable stored message (not JSON)', [
    { path: '', message: notJson.reason },
  ]);
}
