import type { BodyOf, MessageDefinition } from '../message/define-message';
import type { Envelope } from '../message/envelope';
import type { DispatchOptions } from './dispatch-options';
import type { BatchItem } from './dispatcher';
import type { DispatchResult } from './middleware';

/** Dispatch as a handler sees it (Symfony's MessageBusInterface in a handler). */
export interface MessageBus {
  dispatch<D extends MessageDefinition>(
    message: D,
    body: BodyOf<D>,
    options?: DispatchOptions,
  ): Promise<DispatchResult>;
  dispatch(type: string, body: unknown, options?: DispatchOptions): Promise<DispatchResult>;
  dispatchBatch(items: readonly BatchItem[]): Promise<DispatchResult[]>;
}

/**
 * The bus for messages a handler dispatches while handling `cause`: they share its correlation id
 * and name it as their causation, unless the handler says otherwise, so a fan-out can be traced.
 */
export function followUpBus(bus: MessageBus, cause: Envelope): MessageBus {
  const traced = (options: DispatchOptions = {}): DispatchOptions => ({
    correlationId: cause.correlationId,
    causationId: cause.id,
    ...options,
  });
  return {
    dispatch: (type: string | MessageDefinition, body: unknown, options?: DispatchOptions) =>
      bus.dispatch(type as string, body, traced(options)),
    dispatchBatch: (items) =>
      bus.dispatchBatch(items.map((item) => ({ ...item, options: traced(item.options) }))),
  };
}
