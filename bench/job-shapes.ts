import type { JobsOptions } from 'bullmq';
import { createEnvelope } from '../src/message/envelope';
import { encodeCompact } from '../src/message/serializer';
import { toJobOptions } from '../src/transport/bullmq/job-options';
import { benchMail, bodyFor } from './fixtures';

/** What one raw `add` stores: BullMQ job name, data and options. */
export interface JobShape {
  name: string;
  data: unknown;
  opts?: JobsOptions;
}

export type ShapeOf = (i: number) => JobShape;

/** What a BullMQ user stores: the body, no options beyond the queue's retention defaults. */
export const plainJob: ShapeOf = (i) => ({ name: benchMail.type, data: bodyFor(i) });

const envelopeOf = (i: number) => createEnvelope({ type: benchMail.type, body: bodyFor(i), queue: 'bench' });

/** The body wrapped in Symphony's compact wire envelope, still without job options. */
export const envelopeJob: ShapeOf = (i) => ({ name: benchMail.type, data: encodeCompact(envelopeOf(i)) });

/**
 * Exactly what Symphony stores for a plain dispatch: the envelope and job id = envelope id (built by
 * Symphony's own functions; retry options are applied by the worker at delivery, not stored).
 */
export const symphonyJob: ShapeOf = (i) => {
  const envelope = envelopeOf(i);
  return {
    name: benchMail.type,
    data: encodeCompact(envelope),
    opts: toJobOptions(envelope.id, { attempts: 1 }),
  };
};
