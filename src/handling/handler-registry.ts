import type { z } from 'zod';
import type { MessageBus } from '../bus/follow-up-bus';
import { HandlerFailedError, NoHandlerError, toError } from '../errors';
import type { MessageDefinition } from '../message/define-message';
import type { Logger } from '../logger';
import type { Envelope } from '../message/envelope';
import { BatchAccumulator, type BatchHandlerFn, type BatchOptions } from './batch-accumulator';

/**
 * What a handler gets besides the message: a logger carrying the message's id, type, queue and
 * attempt, and the bus for follow-up messages (they carry this message's correlation id).
 */
export interface HandlerContext {
  readonly logger: Logger;
  readonly delivery: { readonly attempt: number; readonly maxAttempts: number };
  readonly bus: MessageBus;
}

export type HandlerFn<B = unknown> = (
  body: B,
  envelope: Envelope<B>,
  context: HandlerContext,
) => Promise<void> | void;

export interface HandlerDescriptor<B = unknown> {
  readonly type: string;
  readonly name: string;
  readonly handle: HandlerFn<B>;
  /** Set for batch handlers: the worker needs a concurrency of at least `size`. */
  readonly batch?: BatchOptions;
}

/** Binds a handler to a message definition so its body is typed; `name` shows in errors and logs. */
export function defineHandler<D extends MessageDefinition>(
  definition: D,
  handle: HandlerFn<z.output<D['schema']>>,
  name: string = handle.name || definition.type,
): HandlerDescriptor<z.output<D['schema']>> {
  return { type: definition.type, name, handle };
}

/**
 * A handler that receives up to `size` messages at once, or fewer after `maxWaitMs`. It may fail
 * single messages with `message.fail(error)`; a throw fails the whole batch.
 */
export function defineBatchHandler<D extends MessageDefinition>(
  definition: D,
  handle: BatchHandlerFn<z.output<D['schema']>>,
  options: BatchOptions & { name?: string },
): HandlerDescriptor<z.output<D['schema']>> {
  const accumulator = new BatchAccumulator(handle as BatchHandlerFn, options);
  return {
    type: definition.type,
    name: options.name ?? (handle.name || `${definition.type}:batch`),
    handle: (_body, envelope) => accumulator.add(envelope as Envelope),
    batch: { size: options.size, maxWaitMs: options.maxWaitMs },
  };
}

/** Several handlers per type; all run even when one fails, and one HandlerFailedError reports every failure. */
export class HandlerRegistry {
  private readonly byType = new Map<string, HandlerDescriptor[]>();

  register(descriptor: HandlerDescriptor<never>): this {
    const list = this.byType.get(descriptor.type) ?? [];
    list.push(descriptor as unknown as HandlerDescriptor);
    this.byType.set(descriptor.type, list);
    return this;
  }

  handlersFor(type: string): readonly HandlerDescriptor[] {
    return this.byType.get(type) ?? [];
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  /** Runs handlers in registration order, like Symfony; a failure never stops the next handler. */
  async handle(envelope: Envelope, context: HandlerContext): Promise<void> {
    const handlers = this.byType.get(envelope.type);
    if (!handlers || handlers.length === 0) throw new NoHandlerError(envelope.type);
    let failures: { handler: string; error: Error }[] | undefined;
    for (const handler of handlers) {
      try {
        await handler.handle(envelope.body, envelope, context);
      } catch (error) {
        (failures ??= []).push({ handler: handler.name, error: toError(error) });
      }
    }
    if (failures) throw new HandlerFailedError(envelope.type, failures);
  }
}
