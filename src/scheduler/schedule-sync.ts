import type { ScheduleRecord } from '../transport/schedule-store';
import type { ScheduleSpec } from './schedule-declaration';
import { stableJson } from './schedule-hash';
import { storeFor } from './schedule-stores';
import { runsDoneOf, timingOf, type PreparedSchedule, type ScheduleWriter } from './schedule-writer';

export interface SyncChange {
  action: 'add' | 'change' | 'remove';
  id: string;
  queue: string;
  /** For a change: the declaration fields that differ (`template` when only derived config did). */
  fields: string[];
}

export interface SyncPlan {
  changes: SyncChange[];
  unchanged: string[];
}

/**
 * Declared schedules against stored records. Code records no longer declared are removed;
 * runtime records are left alone unless code now declares the same id (code wins).
 */
export function planSync(
  declared: readonly PreparedSchedule[],
  records: readonly ScheduleRecord[],
): SyncPlan {
  const byId = new Map(records.map((r) => [r.id, r]));
  const wanted = new Set(declared.map((p) => p.spec.id));
  const changes: SyncChange[] = [];
  const unchanged: string[] = [];
  for (const { spec, hash } of declared) {
    const record = byId.get(spec.id);
    if (!record) changes.push({ action: 'add', id: spec.id, queue: spec.queue, fields: [] });
    else if (record.hash !== hash || record.origin !== 'code' || record.queue !== spec.queue) {
      changes.push({ action: 'change', id: spec.id, queue: spec.queue, fields: changedFields(record, spec) });
    } else unchanged.push(spec.id);
  }
  for (const record of records) {
    if (record.origin === 'code' && !wanted.has(record.id)) {
      changes.push({ action: 'remove', id: record.id, queue: record.queue, fields: [] });
    }
  }
  return { changes, unchanged };
}

function changedFields(record: ScheduleRecord, spec: ScheduleSpec): string[] {
  const before = record.definition as Record<string, unknown>;
  const after = spec as unknown as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => stableJson(before[k]) !== stableJson(after[k]),
  );
  if (record.origin !== 'code') fields.push('origin');
  return fields.length ? fields : ['template'];
}

/** Applies one planned change; `record` is the stored one (absent for an add). */
export async function applyChange(
  writer: ScheduleWriter,
  change: SyncChange,
  prepared: PreparedSchedule | undefined,
  record: ScheduleRecord | undefined,
): Promise<void> {
  const symphony = writer.symphony;
  if (change.action === 'remove') {
    await writer.deactivate(record!);
    await storeFor(symphony, record!.queue).deleteRecord(record!.queue, record!.id);
    return;
  }
  const store = storeFor(symphony, prepared!.spec.queue, prepared!.spec.id);
  if (!record) {
    await store.saveRecord(await writer.activate(prepared!, { origin: 'code' }));
    return;
  }
  const { spec } = prepared!;
  const before = record.definition as unknown as ScheduleSpec;
  if (record.paused) {
    // Stays paused; resume starts it with the new definition.
    if (record.queue !== spec.queue)
      await storeFor(symphony, record.queue).deleteRecord(record.queue, record.id);
    await store.saveRecord({
      ...record,
      queue: spec.queue,
      origin: 'code',
      definition: { ...spec },
      hash: prepared!.hash,
    });
    return;
  }
  if (record.queue === spec.queue && before.kind !== 'at' && spec.kind !== 'at') {
    // Replace in place: BullMQ keeps an unchanged `every` on its phase instead of running at once.
    const state = await store.repeatState(spec.queue, spec.id);
    const runsDone = state ? runsDoneOf(state) : 0;
    await store.upsertRepeat(spec.queue, spec.id, timingOf(spec), prepared!.template, runsDone);
    await store.saveRecord(writer.record(prepared!, 'code'));
    return;
  }
  const { runsDone, withdrawn } = await writer.deactivate(record);
  if (record.queue !== spec.queue)
    await storeFor(symphony, record.queue).deleteRecord(record.queue, record.id);
  const atSent =
    before.kind === 'at' && spec.kind === 'at' && before.at === spec.at && !withdrawn
      ? record.messageId
      : undefined;
  await store.saveRecord(await writer.activate(prepared!, { origin: 'code', runsDone, atSent }));
}
