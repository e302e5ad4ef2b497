/**
 * The public API of symphony-messenger: the only barrel. Everything else is imported by path
 * inside the package and may change.
 */
export { AlertService, type AlertsReport, type AlertStatus, type AlertView } from './alerts/alert-service';
export {
  defineAlert,
  type AlertKind,
  type AlertRule,
  type AlertRuleInput,
  type Severity,
} from './alerts/alert-rules';
export { defineAlerts, type AlertsDefinition } from './alerts/alerts-definition';
export type { AlertNotification, Notifier } from './alerts/notifier';
export { emailNotifier, type AlertMail, type EmailNotifierOptions } from './alerts/notifiers/email-notifier';
export { webhookNotifier, type WebhookOptions } from './alerts/notifiers/webhook-notifier';
export { defineApp, type AppDefinition, type QueueOptions } from './bus/app-definition';
export type { EnvironmentName, EnvironmentOverrides } from './bus/environments';
export type { ErrorHook, HandlerErrorEvent } from './bus/middleware/error-hook.middleware';
export type { AgingRule } from './bus/aging';
export type { DispatchOptions, IdempotencyMode } from './bus/dispatch-options';
export type { BatchItem } from './bus/dispatcher';
export type { DispatchMiddleware, DispatchResult, HandleContext, HandleMiddleware } from './bus/middleware';
export { PRIORITY_LEVELS } from './bus/priority';
export type { RoutingTable } from './bus/router';
export { createSymphony, Symphony, type SymphonyOptions } from './bus/symphony';
export { configFromEnv, defaultConfig, type SymphonyConfig } from './config/config';
export { symphonyFromEnv } from './bus/symphony-from-env';
export { chooseStore, EMBEDDED_DSN, type StoreChoice } from './transport/default-store';
export { QueueControlService, type QueueSettings } from './control/queue-control.service';
export * from './errors';
export type { BulkProgress } from './failed/bulk-walk';
export { FailedMessageNotFoundError, FailedStoreUnavailableError } from './failed/failed-errors';
export type { FailedFilters } from './failed/failed-filters';
export { FailedMessages, type FailedOutcome, type FailedPage } from './failed/failed-messages';
export type { CountedKey, FailedStats } from './failed/failed-stats';
export type { BatchHandlerFn, BatchMessage, BatchOptions } from './handling/batch-accumulator';
export {
  defineBatchHandler,
  defineHandler,
  type HandlerDescriptor,
  type HandlerFn,
} from './handling/handler-registry';
export { createLogger, type Logger } from './logger';
export {
  defineMessage,
  type BodyOf,
  type MessageDefinition,
  type MessageOptions,
} from './message/define-message';
export type { Envelope, Priority, PriorityLevel } from './message/envelope';
export { MessageNotFoundError, MessageStateError } from './messages/message-errors';
export {
  MessageSearch,
  type ActionOutcome,
  type MessageDetail,
  type MessagePage,
  type MessageQuery,
  type MessageState,
  type MessageSummary,
} from './messages/message-search';
export { RetryStrategy, DEFAULT_RETRY, type RetryOptions } from './retry/retry-strategy';
export {
  defineSchedule,
  type CatchUp,
  type ScheduleDeclaration,
  type ScheduleSpec,
} from './scheduler/schedule-declaration';
export { ScheduleConfigError, ScheduleNotFoundError, type ScheduleIssue } from './scheduler/schedule-error';
export type { ScheduleInfo } from './scheduler/schedule-info';
export { SCHEDULE_HEADER } from './scheduler/schedule-template';
export type { SyncChange } from './scheduler/schedule-sync';
export { Schedules, type SchedulesOptions, type SyncReport } from './scheduler/schedules';
export type { DuplicateRecord, FailedMessage, QueueRuntime, RateLimit } from './transport/capabilities';
export type { MemoryTransport } from './transport/memory/memory-transport';
export type { QueueCounts } from './transport/transport';
export { Worker, type WorkerLimits, type WorkerResult } from './worker/worker';
