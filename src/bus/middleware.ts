import type { Logger } from '../logger';
import type { Envelope } from '../message/envelope';
import type { DeliveryInfo } from '../transport/transport';

export interface DispatchResult {
  id: string;
  queue: string;
  deduplicated: boolean;
  existingId?: string;
  replacedId?: string;
}

/** Around dispatch: may change the envelope, short-circuit, or observe the result. */
export type DispatchMiddleware = (
  envelope: Envelope,
  next: (envelope: Envelope) => Promise<DispatchResult>,
) => Promise<DispatchResult>;

export interface HandleContext {
  readonly delivery: DeliveryInfo;
  /** The bus's logger with this message's id, type, queue and attempt (made on first use). */
  readonly logger: Logger;
}

/** Around handling: runs inside the worker for every delivery of a message. */
export type HandleMiddleware = (
  envelope: Envelope,
  context: HandleContext,
  next: (envelope: Envelope) => Promise<void>,
) => Promise<void>;

/** Builds the chain once; calling it per message allocates no arrays. */
export function composeDispatch(
  middlewares: readonly DispatchMiddleware[],
  last: (envelope: Envelope) => Promise<DispatchResult>,
): (envelope: Envelope) => Promise<DispatchResult> {
  return middlewares.reduceRight<(envelope: Envelope) => Promise<DispatchResult>>(
    (next, middleware) => (envelope) => middleware(envelope, next),
    last,
  );
}

export function composeHandle(
  middlewares: readonly HandleMiddleware[],
  last: (envelope: Envelope, context: HandleContext) => Promise<void>,
): (envelope: Envelope, context: HandleContext) => Promise<void> {
  type Step = (envelope: Envelope, context: HandleContext) => Promise<void>;
  const tail: Step = last;
  return middlewares.reduceRight<Step>(
    (next, middleware) => (envelope, context) => middleware(envelope, context, (e) => next(e, context)),
    tail,
  );
}
