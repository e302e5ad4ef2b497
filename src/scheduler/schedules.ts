import type { DispatchResult } from '../bus/middleware';
import type { Symphony } from '../bus/symphony';
import type { ScheduleRecord } from '../transport/schedule-store';
import { normalizeSchedule, type ScheduleInput } from './normalize-schedule';
import { catchUpMissed, type CatchUpResult } from './schedule-catch-up';
import type { ScheduleDeclaration, ScheduleSpec } from './schedule-declaration';
import { ScheduleConfigError, ScheduleNotFoundError } from './schedule-error';
import { scheduleHash } from './schedule-hash';
import { describeSchedule, type ScheduleInfo } from './schedule-info';
import { scheduleQueues, storeFor } from './schedule-stores';
import { applyChange, planSync, type SyncPlan } from './schedule-sync';
import { prepareTemplate, SCHEDULE_HEADER } from './schedule-template';
import { ScheduleWriter, type PreparedSchedule } from './schedule-writer';

export interface SchedulesOptions {
  now?: () => number;
  /** A pending run overdue by more than this was missed (every worker was down); default 60 s. */
  missedAfterMs?: number;
}

export interface SyncReport extends SyncPlan, CatchUpResult {
  dryRun: boolean;
}

/** Schedules of one bus: sync of the declared ones, and runtime management (library and CLI). */
export class Schedules {
  private readonly writer: ScheduleWriter;
  private readonly now: () => number;
  private readonly missedAfterMs: number;

  constructor(
    readonly symphony: Symphony,
    options: SchedulesOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.missedAfterMs = options.missedAfterMs ?? 60_000;
    this.writer = new ScheduleWriter(symphony, this.now);
  }

  /** Validates a declaration and builds the message it sends; throws ScheduleConfigError. */
  async prepare(declaration: ScheduleDeclaration): Promise<PreparedSchedule> {
    return this.prepareInput(normalizeSchedule(declaration));
  }

  /** A stored definition was validated when written; only the message is rebuilt (config may have changed). */
  private prepareStored(record: ScheduleRecord): Promise<PreparedSchedule> {
    return this.prepareInput(record.definition as unknown as ScheduleSpec);
  }

  private async prepareInput(input: ScheduleInput | ScheduleSpec): Promise<PreparedSchedule> {
    const { spec, template } = await prepareTemplate(this.symphony, input);
    storeFor(this.symphony, spec.queue, spec.id);
    return { spec, template, hash: scheduleHash(spec, template) };
  }

  /** Every declared schedule, all validated before anything is written. */
  async prepareDeclared(declarations = this.symphony.app.schedules ?? []): Promise<PreparedSchedule[]> {
    const seen = new Set<string>();
    const prepared: PreparedSchedule[] = [];
    for (const declaration of declarations) {
      const next = await this.prepare(declaration);
      if (seen.has(next.spec.id)) {
        throw new ScheduleConfigError(next.spec.id, [{ field: 'id', problem: 'is declared twice' }]);
      }
      seen.add(next.spec.id);
      prepared.push(next);
    }
    return prepared;
  }

  async records(): Promise<ScheduleRecord[]> {
    const all = await Promise.all(
      scheduleQueues(this.symphony).map(({ queue, store }) => store.records(queue)),
    );
    return all.flat();
  }

  /**
   * Upserts declared schedules, removes code schedules no longer declared, leaves runtime ones
   * alone; then handles runs missed while every worker was down (catchUp). `dryRun` only plans.
   */
  async sync(
    options: { dryRun?: boolean; declarations?: readonly ScheduleDeclaration[] } = {},
  ): Promise<SyncReport> {
    const prepared = await this.prepareDeclared(options.declarations);
    const records = await this.records();
    const plan = planSync(prepared, records);
    if (options.dryRun) return { ...plan, dryRun: true, caughtUp: [], skipped: [] };
    const byId = new Map(prepared.map((p) => [p.spec.id, p]));
    for (const change of plan.changes) {
      const record = records.find(
        (r) => r.id === change.id && (change.action !== 'remove' || r.queue === change.queue),
      );
      await applyChange(this.writer, change, byId.get(change.id), record);
    }
    const active = await this.records();
    const missed = await catchUpMissed(
      this.writer,
      active,
      async (record) => byId.get(record.id) ?? this.prepareStored(record),
      this.now(),
      this.missedAfterMs,
    );
    return { ...plan, ...missed, dryRun: false };
  }

  /** `next`: how many upcoming runs each schedule lists (default 3). */
  async list(options: { next?: number } = {}): Promise<ScheduleInfo[]> {
    const now = this.now();
    const infos = await Promise.all(
      scheduleQueues(this.symphony).map(async ({ queue, store }) => {
        const [records, lastRuns] = await Promise.all([store.records(queue), store.lastRuns(queue)]);
        return Promise.all(
          records.map(async (r) =>
            describeSchedule(r, await store.repeatState(queue, r.id), lastRuns[r.id], now, options.next),
          ),
        );
      }),
    );
    return infos.flat().sort((a, b) => a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<ScheduleInfo> {
    const found = (await this.list()).find((s) => s.id === id);
    if (!found) throw new ScheduleNotFoundError(id);
    return found;
  }

  /** A runtime schedule: sync leaves it alone. The id must be new. */
  async add(declaration: ScheduleDeclaration): Promise<ScheduleInfo> {
    const prepared = await this.prepare(declaration);
    if ((await this.records()).some((r) => r.id === prepared.spec.id)) {
      throw new ScheduleConfigError(prepared.spec.id, [
        { field: 'id', problem: 'already exists; remove it first or pick another id' },
      ]);
    }
    const record = await this.writer.activate(prepared, { origin: 'runtime' });
    await storeFor(this.symphony, record.queue).saveRecord(record);
    return this.get(record.id);
  }

  /** Removes any schedule; a code one comes back at the next sync unless its declaration goes too. */
  async remove(id: string): Promise<ScheduleRecord> {
    const record = await this.find(id);
    await this.writer.deactivate(record);
    await storeFor(this.symphony, record.queue).deleteRecord(record.queue, id);
    return record;
  }

  /** Sends one run now through dispatch; the timetable (next run, limit) is untouched. */
  async run(id: string): Promise<DispatchResult> {
    const spec = (await this.find(id)).definition as unknown as ScheduleSpec;
    return this.symphony.dispatch(spec.type, spec.body, {
      queue: spec.queue,
      ...(spec.priority !== undefined ? { priority: spec.priority } : {}),
      headers: { [SCHEDULE_HEADER]: id },
    });
  }

  /** BullMQ has no paused scheduler: the scheduler goes, the record stays with paused=true. */
  async pause(id: string): Promise<ScheduleRecord> {
    const record = await this.find(id);
    if (record.paused) return record;
    const { runsDone, withdrawn } = await this.writer.deactivate(record);
    const paused: ScheduleRecord = {
      ...record,
      paused: true,
      runsBeforePause: runsDone,
      updatedAt: this.iso(),
    };
    // A one-off that already went out keeps its message id, so resume does not send it again.
    if (withdrawn) delete paused.messageId;
    await storeFor(this.symphony, record.queue).saveRecord(paused);
    return paused;
  }

  /** Recreates the scheduler from the record (a one-off whose time passed follows its catchUp). */
  async resume(id: string): Promise<ScheduleRecord> {
    const record = await this.find(id);
    if (!record.paused) return record;
    const prepared = await this.prepareStored(record);
    const resumed = await this.writer.activate(prepared, {
      origin: record.origin,
      runsDone: record.runsBeforePause ?? 0,
      atSent: record.messageId,
    });
    await storeFor(this.symphony, record.queue).saveRecord(resumed);
    return resumed;
  }

  private async find(id: string): Promise<ScheduleRecord> {
    const record = (await this.records()).find((r) => r.id === id);
    if (!record) throw new ScheduleNotFoundError(id);
    return record;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
