import type { Envelope, Priority } from '../message/envelope';

/**
 * The message-browsing capability of a transport: find messages in any state, read one by id,
 * and the per-message actions that are not the failed store's. Search walks are bounded steps so a
 * store is never scanned whole in one call (see docs/search.md).
 */

export const MESSAGE_STATES = ['active', 'waiting', 'prioritized', 'delayed', 'failed', 'completed'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

/** What a search matches; every given field must match. */
export interface MessageFilter {
  /** An exact type or `prefix.*`. */
  type?: string;
  /** Default: every state. */
  states?: readonly MessageState[];
  /** Dispatched (stored) at or after, epoch ms. */
  since?: number;
  /** Dispatched (stored) at or before, epoch ms. */
  until?: number;
  idempotencyKey?: string;
  correlationId?: string;
  /** Case-insensitive substring of the body as JSON. */
  text?: string;
}

/** One message as a search lists it. Times are ISO strings. */
export interface MessageSummary {
  id: string;
  queue: string;
  type: string;
  state: MessageState;
  dispatchedAt: string;
  correlationId: string;
  idempotencyKey?: string;
  priority: Priority;
  /** Attempts that ended (failed or, once completed, the last one too). */
  attemptsMade: number;
  /** Delayed: when it becomes available. */
  dueAt?: string;
  /** Start of the latest attempt. */
  processedAt?: string;
  /** Completed or failed for good. */
  finishedAt?: string;
  /** The latest attempt's error message (failed, or waiting for a retry). */
  error?: string;
}

/** One delivery of a message. */
export interface MessageAttempt {
  /** 1-based. */
  attempt: number;
  outcome: 'failed' | 'completed' | 'running';
  startedAt?: string;
  endedAt?: string;
  error?: { message: string; stack?: string };
}

/** Everything the store keeps about one message. */
export interface StoredMessage extends MessageSummary {
  envelope: Envelope;
  /** Absent when the store keeps none with the message: its type's retry policy decides (BullMQ). */
  maxAttempts?: number;
  /** Oldest first; earlier attempts may lack times where the store did not record them. */
  attempts: MessageAttempt[];
}

/** A step's position is opaque to the caller: the transport reads back what it wrote. */
export interface BrowseStep {
  /** The `next` of the previous step over the same queues and filter; absent to start. */
  after?: string;
  /** Stop once this many messages matched. */
  limit: number;
  /** Stop once about this many stored entries were examined. */
  budget: number;
}

export interface BrowsePage {
  items: MessageSummary[];
  /** Where the walk stopped; absent when it examined every candidate. */
  next?: string;
  /** Stored entries examined in this step. */
  scanned: number;
}

/** 'scheduled': the pending run of a schedule, which only the schedule can drop. */
export type RemoveOutcome = 'removed' | 'active' | 'missing' | 'scheduled';

export interface MessageBrowser {
  /** One bounded step of a walk over `queues` (all on this transport), in a store-defined order. */
  browse(queues: readonly string[], filter: MessageFilter, step: BrowseStep): Promise<BrowsePage>;
  /** A direct read by id (never a scan). */
  get(queue: string, id: string): Promise<StoredMessage | undefined>;
  /** Delayed -> available now; false when it is not (or no longer) delayed. */
  promote(queue: string, id: string): Promise<boolean>;
  /** Removes it atomically in any state but active ('active': being handled, left alone). */
  remove(queue: string, id: string): Promise<RemoveOutcome>;
}
