import type { Symphony } from '../bus/symphony';
import type {
  RepeatState,
  RepeatTiming,
  ScheduleRecord,
  ScheduleTemplate,
} from '../transport/schedule-store';
import type { ScheduleSpec } from './schedule-declaration';
import { storeFor } from './schedule-stores';
import { SCHEDULE_HEADER } from './schedule-template';

/** A validated schedule with the message it sends and its fingerprint. */
export interface PreparedSchedule {
  spec: ScheduleSpec;
  template: ScheduleTemplate;
  hash: string;
}

export function timingOf(spec: ScheduleSpec): RepeatTiming {
  const { cron, every, tz, startDate, endDate, limit } = spec;
  return Object.fromEntries(
    Object.entries({ cron, every, tz, startDate, endDate, limit }).filter(([, v]) => v !== undefined),
  ) as RepeatTiming;
}

/** Runs already made: the pending run counts once it has started. */
export function runsDoneOf(state: RepeatState): number {
  return state.pendingState === 'delayed' || state.pendingState === 'waiting'
    ? state.produced - 1
    : state.produced;
}

/** Turns schedules on and off in the store; records are saved by the caller. */
export class ScheduleWriter {
  constructor(
    readonly symphony: Symphony,
    private readonly now: () => number = Date.now,
  ) {}

  /** The record of an active schedule, without touching the store. */
  record(prepared: PreparedSchedule, origin: ScheduleRecord['origin']): ScheduleRecord {
    const { spec, hash } = prepared;
    return {
      id: spec.id,
      queue: spec.queue,
      origin,
      definition: { ...spec },
      hash,
      paused: false,
      updatedAt: new Date(this.now()).toISOString(),
    };
  }

  /** Starts a schedule and returns its record. `atSent`: a one-off already went out for this time. */
  async activate(
    prepared: PreparedSchedule,
    options: { origin: ScheduleRecord['origin']; runsDone?: number; atSent?: string },
  ): Promise<ScheduleRecord> {
    const { spec, template } = prepared;
    const record = this.record(prepared, options.origin);
    const store = storeFor(this.symphony, spec.queue, spec.id);
    if (spec.kind !== 'at') {
      await store.upsertRepeat(spec.queue, spec.id, timingOf(spec), template, options.runsDone ?? 0);
    } else {
      const messageId = options.atSent ?? (await this.sendAt(spec));
      if (messageId) record.messageId = messageId;
    }
    return record;
  }

  /** Stops a schedule; returns the runs it made (for `limit`) and whether a pending one-off was withdrawn. */
  async deactivate(record: ScheduleRecord): Promise<{ runsDone: number; withdrawn: boolean }> {
    const store = storeFor(this.symphony, record.queue, record.id);
    const spec = record.definition as unknown as ScheduleSpec;
    if (spec.kind === 'at') {
      const withdrawn = record.messageId ? await store.cancelMessage(record.queue, record.messageId) : false;
      return { runsDone: 0, withdrawn };
    }
    if (record.paused) return { runsDone: record.runsBeforePause ?? 0, withdrawn: false };
    const runsDone = await store.removeRepeat(record.queue, record.id);
    // No scheduler left means it ran out (limit or endDate); keep it that way.
    return { runsDone: runsDone ?? spec.limit ?? 0, withdrawn: false };
  }

  /**
   * A one-off goes through dispatch as a delayed message. Its idempotency key is stable per
   * schedule and time, so syncing twice (or two workers syncing at once) sends it once.
   */
  private async sendAt(spec: ScheduleSpec): Promise<string | undefined> {
    const at = spec.at!;
    const due = at > this.now();
    if (!due && spec.catchUp !== 'last') return undefined;
    const result = await this.symphony.dispatch(spec.type, spec.body, {
      queue: spec.queue,
      ...(spec.priority !== undefined ? { priority: spec.priority } : {}),
      ...(due ? { availableAt: at } : {}),
      idempotencyKey: `schedule:${spec.id}:${at}`,
      headers: { [SCHEDULE_HEADER]: spec.id },
    });
    return result.existingId ?? result.id;
  }
}
