import type { Envelope } from '../message/envelope';
import type { SendOptions } from './transport';

/**
 * The schedule capability of a transport. The engine (BullMQ job schedulers) owns the timetable;
 * Symphony keeps one record per schedule beside it for what the engine cannot hold: where the
 * schedule came from, whether it is paused, and the declaration it was built from.
 */

/** Timing of a repeating schedule as the engine stores it; times are epoch ms. */
export interface RepeatTiming {
  cron?: string;
  every?: number;
  tz?: string;
  startDate?: number;
  endDate?: number;
  limit?: number;
}

/** The engine's view of one repeating schedule. */
export interface RepeatState {
  /** Epoch ms of the pending run (the one delayed message the engine keeps per schedule). */
  next: number;
  /** Runs produced so far, the pending one included; this is what `limit` counts. */
  produced: number;
  /** State of the pending run's message: 'delayed' until due and taken, or gone once it ran. */
  pendingState: 'delayed' | 'waiting' | 'active' | 'finished' | 'missing';
}

/** Symphony's record of one schedule, beside the engine's scheduler. */
export interface ScheduleRecord {
  id: string;
  queue: string;
  origin: 'code' | 'runtime';
  /** The normalised declaration (JSON); the store keeps it opaque. */
  definition: Record<string, unknown>;
  /** Fingerprint of the definition and the message template; sync compares it. */
  hash: string;
  paused: boolean;
  /** Runs made before a pause, so `limit` still counts them after resume. */
  runsBeforePause?: number;
  /** `at` schedules: the id of the one-off message sent for this definition. */
  messageId?: string;
  updatedAt: string;
}

/** The message every run of a repeating schedule stores, as the dispatcher built it. */
export interface ScheduleTemplate {
  envelope: Envelope;
  options: SendOptions;
}

export interface ScheduleStore {
  records(queue: string): Promise<ScheduleRecord[]>;
  saveRecord(record: ScheduleRecord): Promise<void>;
  deleteRecord(queue: string, id: string): Promise<void>;
  /**
   * Creates or replaces the engine's scheduler; `runsDone` keeps `limit` counting across
   * re-creation. A new `every` schedule runs first at startDate, or at once without one.
   */
  upsertRepeat(
    queue: string,
    id: string,
    timing: RepeatTiming,
    template: ScheduleTemplate,
    runsDone?: number,
  ): Promise<void>;
  /**
   * Removes the scheduler and its pending run if that is not due yet; returns the runs made, what
   * `limit` counts: a due run already queued for a worker, or running, stays and counts. Undefined
   * when there was no scheduler.
   */
  removeRepeat(queue: string, id: string): Promise<number | undefined>;
  repeatState(queue: string, id: string): Promise<RepeatState | undefined>;
  /** Due time (epoch ms) of the last timetable run a worker started, by schedule id. */
  lastRuns(queue: string): Promise<Record<string, number>>;
  /** Removes a message that was not handled yet (a one-off `at` run); false when it is gone or running. */
  cancelMessage(queue: string, messageId: string): Promise<boolean>;
}
