import { randomUUID } from 'node:crypto';
import { isoTime } from './iso-time';

export type PriorityLevel = 'critical' | 'high' | 'normal' | 'low';
export type Priority = PriorityLevel | number;

/** A message body plus everything Symphony knows about it. Handlers receive it read-only. */
export interface Envelope<B = unknown> {
  readonly id: string;
  readonly type: string;
  readonly body: B;
  readonly queue: string;
  readonly dispatchedAt: string;
  readonly correlationId: string;
  readonly causationId?: string;
  readonly idempotencyKey?: string;
  readonly priority: Priority;
  readonly headers: Readonly<Record<string, string>>;
  /** 1 on the first delivery; set by the transport on consume. */
  readonly attempt: number;
}

export interface EnvelopeInit<B> {
  type: string;
  body: B;
  queue: string;
  id?: string;
  correlationId?: string;
  causationId?: string;
  idempotencyKey?: string;
  priority?: Priority;
  headers?: Record<string, string>;
}

export function createEnvelope<B>(init: EnvelopeInit<B>): Envelope<B> {
  const id = init.id ?? randomUUID();
  return {
    id,
    type: init.type,
    body: init.body,
    queue: init.queue,
    dispatchedAt: isoTime(Date.now()),
    correlationId: init.correlationId ?? id,
    causationId: init.causationId,
    idempotencyKey: init.idempotencyKey,
    priority: init.priority ?? 'normal',
    headers: init.headers ?? {},
    attempt: 1,
  };
}
