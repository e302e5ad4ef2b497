import type { RepeatState, ScheduleRecord } from '../transport/schedule-store';
import { nextRuns } from './next-runs';
import type { ScheduleSpec } from './schedule-declaration';
import { timingOf } from './schedule-writer';

/** One line of `schedule:list`; times are ISO strings. */
export interface ScheduleInfo {
  id: string;
  kind: ScheduleSpec['kind'];
  /** The cron expression, the interval (`60000 ms`) or the one-off time. */
  expression: string;
  tz?: string;
  queue: string;
  type: string;
  origin: ScheduleRecord['origin'];
  paused: boolean;
  catchUp: ScheduleSpec['catchUp'];
  limit?: number;
  startDate?: string;
  endDate?: string;
  /** The next run times (3 unless asked for more); empty when paused or finished. */
  next: string[];
  lastRun: string | null;
}

const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

export function describeSchedule(
  record: ScheduleRecord,
  state: RepeatState | undefined,
  lastRun: number | undefined,
  now: number,
  count = 3,
): ScheduleInfo {
  const spec = record.definition as unknown as ScheduleSpec;
  let next: number[] = [];
  let last = lastRun;
  if (spec.kind === 'at') {
    if (record.messageId && spec.at! > now && !record.paused) next = [spec.at!];
    if (record.messageId && spec.at! <= now) last = spec.at;
  } else if (
    !record.paused &&
    state &&
    (state.pendingState === 'delayed' || state.pendingState === 'waiting')
  ) {
    next = nextRuns(timingOf(spec), {
      from: now,
      count,
      anchor: state.next,
      runsDone: state.produced - 1,
    });
  }
  const info: ScheduleInfo = {
    id: record.id,
    kind: spec.kind,
    expression:
      spec.kind === 'cron' ? spec.cron! : spec.kind === 'every' ? `${spec.every} ms` : iso(spec.at)!,
    queue: record.queue,
    type: spec.type,
    origin: record.origin,
    paused: record.paused,
    catchUp: spec.catchUp,
    next: next.map((t) => iso(t)!),
    lastRun: iso(last) ?? null,
  };
  if (spec.tz) info.tz = spec.tz;
  if (spec.limit !== undefined) info.limit = spec.limit;
  if (spec.startDate !== undefined) info.startDate = iso(spec.startDate);
  if (spec.endDate !== undefined) info.endDate = iso(spec.endDate);
  return info;
}
