import { z } from 'zod';
import { ValidationError } from '../errors';

/** Stored data that is not a v1 envelope: retrying cannot fix it, so it fails at once. */
export class UnreadableMessageError extends ValidationError {
  readonly retryable = false;
}
import type { Envelope } from './envelope';
import { zodIssues } from './validate-body';

/**
 * The stored form of an envelope (version 1). It is a plain JSON object so the transport stores it
 * as-is (BullMQ serialises job data once); `attempt` is not stored, the transport knows it.
 */
export interface WireMessage {
  v: 1;
  id: string;
  type: string;
  body: unknown;
  meta: {
    queue: string;
    dispatchedAt: string;
    correlationId: string;
    causationId?: string;
    idempotencyKey?: string;
    priority: string | number;
    headers: Record<string, string>;
  };
}

const wireSchema = z.object({
  v: z.literal(1),
  id: z.string().min(1),
  type: z.string().min(1),
  body: z.unknown(),
  meta: z.object({
    queue: z.string(),
    dispatchedAt: z.string(),
    correlationId: z.string(),
    causationId: z.string().optional(),
    idempotencyKey: z.string().optional(),
    priority: z.union([z.string(), z.number()]),
    headers: z.record(z.string(), z.string()),
  }),
});

export function encodeEnvelope(envelope: Envelope): WireMessage {
  const meta: WireMessage['meta'] = {
    queue: envelope.queue,
    dispatchedAt: envelope.dispatchedAt,
    correlationId: envelope.correlationId,
    priority: envelope.priority,
    headers: envelope.headers as Record<string, string>,
  };
  if (envelope.causationId !== undefined) meta.causationId = envelope.causationId;
  if (envelope.idempotencyKey !== undefined) meta.idempotencyKey = envelope.idempotencyKey;
  return { v: 1, id: envelope.id, type: envelope.type, body: envelope.body, meta };
}

export function decodeEnvelope(data: unknown, attempt: number): Envelope {
  const parsed = wireSchema.safeParse(data);
  if (!parsed.success)
    throw new UnreadableMessageError(
      'Unreadable stored message (expected wire format v1)',
      zodIssues(parsed.error),
    );
  const { id, type, body, meta } = parsed.data;
  return {
    id,
    type,
    body,
    queue: meta.queue,
    dispatchedAt: meta.dispatchedAt,
    correlationId: meta.correlationId,
    causationId: meta.causationId,
    idempotencyKey: meta.idempotencyKey,
    priority: meta.priority as Envelope['priority'],
    headers: meta.headers,
    attempt,
  };
}

export const serializeEnvelope = (envelope: Envelope): string => JSON.stringify(encodeEnvelope(envelope));
export function deserializeEnvelope(json: string, attempt = 1): Envelope {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new UnreadableMessageError('Unreadable stored message (not JSON)', [
      { path: '', message: (error as Error).message },
    ]);
  }
  return decodeEnvelope(data, attempt);
}
