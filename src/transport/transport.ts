import type { Logger } from '../logger';
import type { Envelope } from '../message/envelope';
import type { RetryStrategy } from '../retry/retry-strategy';
import type { DedupStats, FailedStore, PriorityAging, QueueControl, RateLimit } from './capabilities';
import type { MessageBrowser } from './message-browser';
import type { ScheduleStore } from './schedule-store';

/** Idempotency as the transport stores it: one key, optional window, debounce = replace + extend. */
export interface DedupOptions {
  id: string;
  ttlMs?: number;
  extend?: boolean;
  replace?: boolean;
}

/** Everything a transport needs to store one message; computed by the dispatcher. */
export interface SendOptions {
  /** BullMQ-style number (lower runs first, >= 1); undefined on queues that do not use priorities. */
  priority?: number;
  delayMs?: number;
  attempts: number;
  dedup?: DedupOptions;
}

export interface SendResult {
  id: string;
  deduplicated: boolean;
  /** The message kept in place of this one, when deduplicated. */
  existingId?: string;
  /** Debounce: the pending message this one replaced. */
  replacedId?: string;
}

export interface DeliveryInfo {
  /** 1-based attempt number of this delivery. */
  attempt: number;
  maxAttempts: number;
}

/** Handles one delivered envelope; a throw means this attempt failed. */
export type Processor = (envelope: Envelope, delivery: DeliveryInfo) => Promise<void>;

export interface ConsumeOptions {
  concurrency: number;
  /** The retry strategy for a message type on this queue (type override, else queue default). */
  retryFor: (type: string) => RetryStrategy;
  /** The queue's configured rate limit, shared by every worker of the queue. */
  rateLimit?: RateLimit;
  /** For what the transport itself must report: store faults while finishing a delivery. */
  logger?: Logger;
  /** A delivery whose stored data cannot be read: it goes to the failed store without the processor. */
  onUnreadable?: (delivery: UnreadableDelivery, error: Error) => void;
}

/** What is known of a message whose stored data cannot be read: what the store keeps beside it. */
export interface UnreadableDelivery {
  id: string;
  type: string;
  queue: string;
  attempt: number;
}

export interface Consumer {
  /** Stop taking work; resolves when in-flight messages are done, or at once when forced. */
  close(force?: boolean): Promise<void>;
  /** Resolves once the consumer is connected and fetching. */
  ready(): Promise<void>;
  /** Stops this consumer only from taking new messages (others on the queue go on); in-flight ones finish. */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  completed: number;
  failed: number;
}

/** A store of queues: BullMQ on Redis or Postgres, in-memory, or sync (handled inside dispatch). */
export interface Transport {
  readonly kind: string;
  send(envelope: Envelope, options: SendOptions): Promise<SendResult>;
  /** One round trip per call where the store allows it; results in input order. */
  sendBatch(items: { envelope: Envelope; options: SendOptions }[]): Promise<SendResult[]>;
  consume(queue: string, processor: Processor, options: ConsumeOptions): Consumer;
  counts(queue: string): Promise<QueueCounts>;
  close(): Promise<void>;
  /** Present when the transport keeps failed messages (not sync). */
  readonly failed?: FailedStore;
  /** Present when queues can be paused and throttled at runtime. */
  readonly control?: QueueControl;
  /** Present when schedules can be stored (BullMQ job schedulers). */
  readonly schedules?: ScheduleStore;
  /** Present when duplicate dispatches are counted. */
  readonly dedupStats?: DedupStats;
  /** Present when waiting messages can be re-prioritised (aging). */
  readonly aging?: PriorityAging;
  /** Present when stored messages can be searched, read by id, promoted and removed. */
  readonly messages?: MessageBrowser;
}

export const EMPTY_COUNTS: QueueCounts = {
  waiting: 0,
  active: 0,
  delayed: 0,
  prioritized: 0,
  completed: 0,
  failed: 0,
};
