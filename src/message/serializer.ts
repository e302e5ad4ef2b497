import { z } from 'zod';
import { ValidationError } from '../errors';
import type { Envelope } from './envelope';
import { isoTime } from './iso-time';
import { zodIssues } from './validate-body';

/** Stored data that is not a v1 envelope: retrying cannot fix it, so it fails at once. */
export class UnreadableMessageError extends ValidationError {
  readonly retryable = false;
}

/**
 * The stored form of an envelope (version 1): a plain JSON object, so the transport stores it as
 * is (BullMQ serialises job data once). `attempt` is never stored; the transport knows it.
 *
 * The compact form leaves out what the store already keeps beside the data (BullMQ's job id, name,
 * queue and timestamp) and every meta field at its default, so a small message stays small: the
 * store pays for every byte on both sides of the socket.
 */
export interface WireMessage {
  v: 1;
  id?: string;
  type?: string;
  body: unknown;
  meta?: {
    queue?: string;
    dispatchedAt?: string;
    /** default: the message id */
    correlationId?: string;
    causationId?: string;
    idempotencyKey?: string;
    /** default: normal */
    priority?: string | number;
    /** default: none */
    headers?: Record<string, string>;
  };
}

/** What the store knows about a message besides its data, for the compact form. */
export interface StoredContext {
  id: string;
  type: string;
  queue: string;
  /** epoch ms the store recorded when the message was added */
  storedAt: number;
}

const wireSchema = z.object({
  v: z.literal(1),
  id: z.string().min(1).optional(),
  type: z.string().min(1).optional(),
  body: z.unknown(),
  meta: z
    .object({
      queue: z.string().optional(),
      dispatchedAt: z.string().optional(),
      correlationId: z.string().optional(),
      causationId: z.string().optional(),
      idempotencyKey: z.string().optional(),
      priority: z.union([z.string(), z.number()]).optional(),
      headers: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});

/** The self-describing form: every field, readable without the store's context. */
export function encodeEnvelope(envelope: Envelope): WireMessage {
  return {
    v: 1,
    id: envelope.id,
    type: envelope.type,
    body: envelope.body,
    meta: {
      queue: envelope.queue,
      dispatchedAt: envelope.dispatchedAt,
      ...compactMeta(envelope),
      correlationId: envelope.correlationId,
      priority: envelope.priority,
      headers: envelope.headers as Record<string, string>,
    },
  };
}

/** The compact form, for stores that keep id, type, queue and time beside the data. */
export function encodeCompact(envelope: Envelope): WireMessage {
  const meta = compactMeta(envelope);
  return meta ? { v: 1, body: envelope.body, meta } : { v: 1, body: envelope.body };
}

function compactMeta(envelope: Envelope): WireMessage['meta'] | undefined {
  let meta: WireMessage['meta'] | undefined;
  if (envelope.correlationId !== envelope.id) (meta ??= {}).correlationId = envelope.correlationId;
  if (envelope.causationId !== undefined) (meta ??= {}).causationId = envelope.causationId;
  if (envelope.idempotencyKey !== undefined) (meta ??= {}).idempotencyKey = envelope.idempotencyKey;
  if (envelope.priority !== 'normal') (meta ??= {}).priority = envelope.priority;
  for (const _ in envelope.headers) {
    (meta ??= {}).headers = envelope.headers as Record<string, string>;
    break;
  }
  return meta;
}

/** Reads either form; the compact one needs the store's context. */
export function decodeEnvelope(data: unknown, attempt: number, context?: StoredContext): Envelope {
  const wire = readWire(data);
  const { body, meta = {} } = wire;
  const id = wire.id ?? context?.id;
  const type = wire.type ?? context?.type;
  const queue = meta.queue ?? context?.queue;
  const dispatchedAt = meta.dispatchedAt ?? (context ? isoTime(context.storedAt) : undefined);
  if (!id || !type || queue === undefined || !dispatchedAt) {
    throw new UnreadableMessageError('Unreadable stored message (compact form without its store context)', [
      { path: '', message: 'id, type, queue and dispatch time are missing' },
    ]);
  }
  return {
    id,
    type,
    body,
    queue,
    dispatchedAt,
    correlationId: meta.correlationId ?? id,
    causationId: meta.causationId,
    idempotencyKey: meta.idempotencyKey,
    priority: (meta.priority ?? 'normal') as Envelope['priority'],
    headers: meta.headers ?? {},
    attempt,
  };
}

/**
 * The stored data as a wire message. Every delivery reads one, so the usual shape is checked by
 * hand; anything else goes through the schema, which accepts the same and names what is wrong.
 */
function readWire(data: unknown): WireMessage {
  if (isPlainWire(data)) return data;
  const parsed = wireSchema.safeParse(data);
  if (!parsed.success) {
    throw new UnreadableMessageError(
      'Unreadable stored message (expected wire format v1)',
      zodIssues(parsed.error),
    );
  }
  return parsed.data as WireMessage;
}

/** A v1 message whose fields all have the schema's types (a subset of what the schema accepts). */
function isPlainWire(data: unknown): data is WireMessage {
  if (typeof data !== 'object' || data === null) return false;
  const wire = data as Record<string, unknown>;
  if (wire.v !== 1 || !optionalName(wire.id) || !optionalName(wire.type)) return false;
  const meta = wire.meta;
  if (meta === undefined) return true;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return false;
  const m = meta as Record<string, unknown>;
  return (
    optionalText(m.queue) &&
    optionalText(m.dispatchedAt) &&
    optionalText(m.correlationId) &&
    optionalText(m.causationId) &&
    optionalText(m.idempotencyKey) &&
    (optionalText(m.priority) || typeof m.priority === 'number') &&
    m.headers === undefined
  );
}

const optionalText = (value: unknown): boolean => value === undefined || typeof value === 'string';
const optionalName = (value: unknown): boolean =>
  value === undefined || (typeof value === 'string' && value.length > 0);

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
