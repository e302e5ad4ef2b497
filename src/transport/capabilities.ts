import type { Envelope } from '../message/envelope';

/**
 * Optional transport capabilities. A transport declares what it supports by exposing the member;
 * services (failed messages, runtime control, schedules) check for it and say clearly when a
 * transport lacks it, never silently skip.
 */

/** One message in the failed store (the DLQ): kept after its last attempt, by a retention policy. */
export interface FailedMessage {
  id: string;
  queue: string;
  type: string;
  envelope: Envelope;
  error: { message: string; stack?: string };
  attemptsMade: number;
  /** ISO time of the final failure. */
  failedAt: string;
}

/** Newest first; `start`/`end` are 0-based inclusive offsets into the failed set of one queue. */
export interface FailedStore {
  countFailed(queue: string): Promise<number>;
  listFailed(queue: string, start: number, end: number): Promise<FailedMessage[]>;
  getFailed(queue: string, id: string): Promise<FailedMessage | undefined>;
  /** Back to its original queue with attempts reset; false when the id is not a failed message. */
  retryFailed(queue: string, id: string): Promise<boolean>;
  removeFailed(queue: string, id: string): Promise<boolean>;
  /** Drops failed messages older than the retention; resolves to how many went. */
  purgeFailed(queue: string, olderThanMs: number): Promise<number>;
}

export interface RateLimit {
  max: number;
  durationMs: number;
}

export interface QueueRuntime {
  paused: boolean;
  /** Global (all workers) concurrency cap; null = none. */
  concurrency: number | null;
  rateLimit: RateLimit | null;
}

/** Runtime control without restarts: running workers obey within seconds. */
export interface QueueControl {
  pause(queue: string): Promise<void>;
  resume(queue: string): Promise<void>;
  runtime(queue: string): Promise<QueueRuntime>;
  setConcurrency(queue: string, concurrency: number | null): Promise<void>;
  setRateLimit(queue: string, limit: RateLimit | null): Promise<void>;
}

/** A waiting prioritized message, as seen by the aging pass. */
export interface PrioritizedMessage {
  id: string;
  /** Current BullMQ-style number (lower runs first). */
  priority: number;
  /** The level (or number) given at dispatch. */
  dispatchedPriority: string | number;
  enqueuedAt: number;
}

/** Lets a pass re-prioritise waiting messages (anti-starvation aging). */
export interface PriorityAging {
  /**
   * Visits waiting prioritized messages from the lowest priority up, stopping at numbers <= `floor`;
   * applies the new number `decide` returns. Resolves to how many were changed.
   */
  reprioritize(
    queue: string,
    floor: number,
    decide: (m: PrioritizedMessage) => number | undefined,
  ): Promise<number>;
}

/** Duplicate dispatches seen for one idempotency key on one queue. */
export interface DuplicateRecord {
  key: string;
  queue: string;
  type: string;
  /** Dispatches dropped (or, in debounce mode, messages replaced) because of this key. */
  duplicates: number;
  /** ISO time of the last duplicate. */
  lastAt: string;
  /** The message kept (or the latest one, for debounce). */
  keptId: string;
}

/** One duplicate dispatch, as the dispatcher reports it. */
export interface DuplicateEntry {
  key: string;
  queue: string;
  type: string;
  keptId: string;
  /** epoch ms */
  at: number;
}

/** Counts duplicates per key (kept for a week after the last one) and per message type. */
export interface DedupStats {
  record(entry: DuplicateEntry): Promise<void>;
  show(key: string): Promise<DuplicateRecord[]>;
  /** The keys with the latest duplicates first, up to `limit` (key, queue) records. */
  recent(limit: number): Promise<DuplicateRecord[]>;
  totals(): Promise<Record<string, number>>;
}

/** Schedules (BullMQ job schedulers plus Symphony's records): see schedule-store.ts. */
export type {
  RepeatState,
  RepeatTiming,
  ScheduleRecord,
  ScheduleStore,
  ScheduleTemplate,
} from './schedule-store';

/** Searching and reading stored messages in any state: see message-browser.ts. */
export type {
  BrowsePage,
  BrowseStep,
  MessageAttempt,
  MessageBrowser,
  MessageFilter,
  MessageState,
  MessageSummary,
  RemoveOutcome,
  StoredMessage,
} from './message-browser';
