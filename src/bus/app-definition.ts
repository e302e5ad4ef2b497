import type { HandlerDescriptor } from '../handling/handler-registry';
import type { MessageDefinition } from '../message/define-message';
import type { RetryOptions } from '../retry/retry-strategy';
import type { DispatchMiddleware, HandleMiddleware } from './middleware';
import type { RoutingTable } from './router';

export interface QueueOptions {
  /** Transport DSN for this queue; default: SYMPHONY_TRANSPORT_DSN. */
  dsn?: string;
  /** Default worker concurrency for this queue. */
  concurrency?: number;
  retry?: Partial<RetryOptions>;
  /**
   * Whether messages carry a priority (default true). A queue that never uses priorities can turn
   * them off and save BullMQ's prioritized-set bookkeeping.
   */
  priorities?: boolean;
}

/** The app's declarative wiring, kept in `queues/`. */
export interface AppDefinition {
  messages: readonly MessageDefinition[];
  routing: RoutingTable;
  queues?: Readonly<Record<string, QueueOptions>>;
  handlers?: readonly HandlerDescriptor<never>[];
  middleware?: { dispatch?: readonly DispatchMiddleware[]; handle?: readonly HandleMiddleware[] };
}

export function defineApp(app: AppDefinition): AppDefinition {
  return app;
}
