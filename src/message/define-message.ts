import { ConfigError } from '../errors';
import type { z } from 'zod';
import type { RetryOptions } from '../retry/retry-strategy';

export interface MessageOptions {
  /** Overrides the queue's retry strategy for this type. */
  retry?: Partial<RetryOptions>;
}

export interface MessageDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly schema: S;
  readonly options: MessageOptions;
}

export type BodyOf<D extends MessageDefinition> = z.input<D['schema']>;

const TYPE_PATTERN = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*$/i;

/** A typed message: a stable string type (the routing key and BullMQ job name) and a zod schema for its body. */
export function defineMessage<T extends string, S extends z.ZodType>(
  type: T,
  schema: S,
  options: MessageOptions = {},
): MessageDefinition<T, S> {
  if (!TYPE_PATTERN.test(type)) {
    throw new ConfigError(`Invalid message type "${type}": use dot-separated words like "email.send".`);
  }
  return Object.freeze({ type, schema, options });
}
