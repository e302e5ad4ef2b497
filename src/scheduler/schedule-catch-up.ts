import type { ScheduleRecord } from '../transport/schedule-store';
import type { ScheduleSpec } from './schedule-declaration';
import { storeFor } from './schedule-stores';
import { timingOf, type PreparedSchedule, type ScheduleWriter } from './schedule-writer';

export interface CatchUpResult {
  /** Missed runs left in place: the first worker to start runs each once (catchUp 'last'). */
  caughtUp: string[];
  /** Missed runs dropped; the next run is planned from now (catchUp 'none'). */
  skipped: string[];
}

/**
 * BullMQ keeps exactly one pending run per scheduler and plans the next one when that run starts.
 * While every worker is down the pending run stays in the delayed set past its due time; when a
 * worker comes back it runs it once, late, and plans on from then (missed runs are never
 * backfilled). Sync runs before the worker consumes, so it can decide per schedule: keep that one
 * late run ('last') or drop it ('none'). A run is "missed" when it is overdue by more than
 * `missedAfterMs`, so a quick restart does not count.
 */
export async function catchUpMissed(
  writer: ScheduleWriter,
  active: readonly ScheduleRecord[],
  prepare: (record: ScheduleRecord) => Promise<PreparedSchedule>,
  now: number,
  missedAfterMs: number,
): Promise<CatchUpResult> {
  const result: CatchUpResult = { caughtUp: [], skipped: [] };
  for (const record of active) {
    const spec = record.definition as unknown as ScheduleSpec;
    if (record.paused || spec.kind === 'at') continue;
    const store = storeFor(writer.symphony, record.queue, record.id);
    const state = await store.repeatState(record.queue, record.id);
    if (!state || state.pendingState !== 'delayed' || state.next >= now - missedAfterMs) continue;
    if (spec.catchUp === 'last') {
      result.caughtUp.push(record.id);
      continue;
    }
    const { template } = await prepare(record);
    const timing = timingOf(spec);
    if (spec.every !== undefined) {
      // Keep the phase: restart at the first slot after now (a new `every` would run at once).
      timing.startDate = state.next + Math.ceil((now - state.next) / spec.every) * spec.every;
    }
    // The pending run belongs to the scheduler (BullMQ refuses to remove it alone): recreate both.
    const runsDone = await store.removeRepeat(record.queue, record.id);
    await store.upsertRepeat(record.queue, record.id, timing, template, runsDone ?? state.produced - 1);
    result.skipped.push(record.id);
  }
  return result;
}
