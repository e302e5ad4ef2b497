import type { AlertsDefinition } from '../alerts/alerts-definition';
import type { HandlerDescriptor } from '../handling/handler-registry';
import type { PriorityLevel } from '../message/envelope';
import type { AgingRule } from './aging';
import type { MessageDefinition } from '../message/define-message';
import type { RateLimit } from '../transport/capabilities';
import type { RetryOptions } from '../retry/retry-strategy';
import type { ScheduleDeclaration } from '../scheduler/schedule-declaration';
import type { EnvironmentOverrides, EnvironmentName } from './environments';
import type { DispatchMiddleware, HandleMiddleware } from './middleware';
import type { ErrorHook } from './middleware/error-hook.middleware';
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
  /**
   * Sends a level to a dedicated queue, e.g. `{ critical: 'emails.critical' }`, that workers can
   * consume first (`--queues emails.critical,emails`). The target inherits this queue's options.
   */
  priorityQueues?: Partial<Record<PriorityLevel, string>>;
  /** Promote long-waiting messages one level at a time so low work is never starved. */
  aging?: AgingRule;
  /**
   * At most `max` messages started per `durationMs`, over all workers (a provider's sending limit).
   * `queue:set --rate` overrides it at runtime. sync:// ignores it (nothing is queued).
   */
  rateLimit?: RateLimit;
}

/** The app's declarative wiring, kept in `queues/`. */
export interface AppDefinition {
  messages: readonly MessageDefinition[];
  routing: RoutingTable;
  queues?: Readonly<Record<string, QueueOptions>>;
  handlers?: readonly HandlerDescriptor<never>[];
  middleware?: { dispatch?: readonly DispatchMiddleware[]; handle?: readonly HandleMiddleware[] };
  /** Messages sent on a timetable (cron, every, at); synced to the transport on worker start. */
  schedules?: readonly ScheduleDeclaration[];
  /** Alert rules and where to send them (queues/alerts.ts); one process of the cluster evaluates them. */
  alerts?: AlertsDefinition;
  /**
   * Called when a handler fails for good (an error tracker's capture, say); with
   * `onErrorAttempts: 'every'` on every failed attempt too. It never changes the outcome.
   */
  onError?: ErrorHook;
  onErrorAttempts?: 'final' | 'every';
  /** Queue, retry, alert and schedule settings that differ per NODE_ENV, merged over the above. */
  environments?: Partial<Record<EnvironmentName, EnvironmentOverrides>>;
}

export function defineApp(app: AppDefinition): AppDefinition {
  return app;
}
