import type { JobsOptions, Queue } from 'bullmq';
import { encodeEnvelope } from '../../message/serializer';
import type {
  RepeatState,
  RepeatTiming,
  ScheduleRecord,
  ScheduleStore,
  ScheduleTemplate,
} from '../schedule-store';
import { toJobOptions } from './job-options';
import { LAST_RUN_FIELD, RECORD_FIELD } from './scheduled-job';

/**
 * Schedules on BullMQ job schedulers. Records live in the queue's meta store, which BullMQ keeps
 * on both backends (a hash on Redis, a table on Postgres), so no driver-specific client is needed.
 */
export class BullMqScheduleStore implements ScheduleStore {
  constructor(private readonly queue: (name: string) => Queue) {}

  async records(queue: string): Promise<ScheduleRecord[]> {
    const meta = await this.queue(queue).getBackend().getQueueMeta();
    const records: ScheduleRecord[] = [];
    for (const [field, value] of Object.entries(meta)) {
      if (!field.startsWith(RECORD_FIELD)) continue;
      try {
        records.push(JSON.parse(value) as ScheduleRecord);
      } catch {
        // A record nobody can read cannot be managed either; list the rest.
      }
    }
    return records;
  }

  async saveRecord(record: ScheduleRecord): Promise<void> {
    await this.queue(record.queue)
      .getBackend()
      .setQueueMeta({ [`${RECORD_FIELD}${record.id}`]: JSON.stringify(record) });
  }

  async deleteRecord(queue: string, id: string): Promise<void> {
    await this.queue(queue)
      .getBackend()
      .removeQueueMetaFields([`${RECORD_FIELD}${id}`, `${LAST_RUN_FIELD}${id}`]);
  }

  async upsertRepeat(
    queue: string,
    id: string,
    timing: RepeatTiming,
    template: ScheduleTemplate,
    runsDone = 0,
  ): Promise<void> {
    const q = this.queue(queue);
    // BullMQ throws on a past endDate and silently keeps the old scheduler when the limit is
    // reached: both mean "no more runs", so the scheduler goes.
    if (
      (timing.limit !== undefined && runsDone >= timing.limit) ||
      (timing.endDate !== undefined && timing.endDate <= Date.now())
    ) {
      await q.removeJobScheduler(id);
      return;
    }
    const {
      jobId: _id,
      delay: _delay,
      deduplication: _dedup,
      ...opts
    } = toJobOptions(template.envelope.id, template.options) as JobsOptions;
    const next = await upsertedBySomeone(q, id, () =>
      q.upsertJobScheduler(
        id,
        {
          ...(timing.cron !== undefined ? { pattern: timing.cron } : { every: timing.every }),
          ...(timing.tz !== undefined ? { tz: timing.tz } : {}),
          ...(timing.startDate !== undefined ? { startDate: timing.startDate } : {}),
          ...(timing.endDate !== undefined ? { endDate: timing.endDate } : {}),
          ...(timing.limit !== undefined ? { limit: timing.limit } : {}),
          ...(runsDone > 0 ? { count: runsDone } : {}),
        },
        { name: template.envelope.type, data: encodeEnvelope(template.envelope), opts },
      ),
    );
    // No next run inside startDate..endDate: BullMQ stored nothing and left any old scheduler.
    if (!next) await q.removeJobScheduler(id);
  }

  async removeRepeat(queue: string, id: string): Promise<number | undefined> {
    const q = this.queue(queue);
    const before = await this.repeatState(queue, id);
    await q.removeJobScheduler(id);
    if (!before) return undefined;
    if (before.pendingState !== 'delayed' && before.pendingState !== 'waiting') return before.produced;
    // BullMQ takes the pending run away with the scheduler only while it is delayed (and PostgreSQL's
    // backend refuses to remove it alone): one promoted since stays queued for a worker, so it counts.
    const still = await q.getJobState(`repeat:${id}:${before.next}`);
    return still === 'unknown' ? before.produced - 1 : before.produced;
  }

  async repeatState(queue: string, id: string): Promise<RepeatState | undefined> {
    const q = this.queue(queue);
    const scheduler = await q.getJobScheduler(id);
    if (!scheduler || typeof scheduler.next !== 'number') return undefined;
    const state = await q.getJobState(`repeat:${id}:${scheduler.next}`);
    return {
      next: scheduler.next,
      produced: scheduler.iterationCount ?? 1,
      pendingState:
        state === 'delayed' || state === 'active'
          ? state
          : state === 'completed' || state === 'failed'
            ? 'finished'
            : state === 'unknown'
              ? 'missing'
              : 'waiting',
    };
  }

  async lastRuns(queue: string): Promise<Record<string, number>> {
    const meta = await this.queue(queue).getBackend().getQueueMeta();
    const runs: Record<string, number> = {};
    for (const [field, value] of Object.entries(meta)) {
      if (field.startsWith(LAST_RUN_FIELD)) runs[field.slice(LAST_RUN_FIELD.length)] = Number(value);
    }
    return runs;
  }

  async cancelMessage(queue: string, messageId: string): Promise<boolean> {
    const q = this.queue(queue);
    const state = await q.getJobState(messageId);
    if (state === 'unknown' || state === 'active' || state === 'completed' || state === 'failed')
      return false;
    return (await q.remove(messageId)) === 1;
  }
}

/**
 * Workers starting together each sync the declared schedules: the second to write a scheduler's
 * next run finds that run already stored (BullMQ: "job ID already exists") and would fail its
 * worker's start (a loaded run of the migration e2e saw it on PostgreSQL). The other process wrote
 * the same declaration: its scheduler stands, and the next sync compares it as usual.
 */
async function upsertedBySomeone(q: Queue, id: string, upsert: () => Promise<unknown>): Promise<unknown> {
  try {
    return await upsert();
  } catch (error) {
    if (!SCHEDULER_RUN_EXISTS.test((error as Error).message)) throw error;
    const scheduler = await q.getJobScheduler(id);
    if (!scheduler) throw error;
    return scheduler.next;
  }
}

const SCHEDULER_RUN_EXISTS = /^Cannot create job scheduler iteration - job ID already exists/;
