import type { Symphony } from '../bus/symphony';
import { scheduleQueues } from '../scheduler/schedule-stores';
import { insightOf } from '../transport/queue-insight';
import type { QueueCounts } from '../transport/transport';

/** What one look at a queue found; a field is absent when it was not asked for or cannot be known. */
export interface QueueSample {
  counts?: QueueCounts;
  /** Age (ms) of the oldest message ready to run; null when none waits. */
  oldestWaitingMs?: number | null;
  /** Workers connected to the queue now. */
  workers?: number;
  /** Finished messages over the last `minutes` whole minutes, the current one included. */
  finished?: { completed: number; failed: number; minutes: number };
}

/** A repeating schedule whose due run has not started yet (it may only be a moment late). */
export interface PendingRun {
  schedule: string;
  queue: string;
  /** ms since it was due; 0 or less while it is not due yet. */
  lateMs: number;
}

export interface ClusterSnapshot {
  at: number;
  queues: Record<string, QueueSample>;
  /** Read when a rule or a gauge needs it. */
  schedules?: PendingRun[];
  /** Readings that failed, so a rule that needs one reads `unknown` rather than a stale or zero value. */
  errors: string[];
}

/** Which readings to take: only what the rules and gauges of this process use. */
export interface SnapshotNeeds {
  counts: ReadonlySet<string>;
  oldestWaiting: ReadonlySet<string>;
  workers: ReadonlySet<string>;
  /** Queue -> minutes of finished messages. */
  finishedMinutes: ReadonlyMap<string, number>;
  schedules: boolean;
}

/** Prioritized messages looked at for the oldest one (they are ordered by priority, not age). */
const PRIORITIZED_SAMPLE = 500;

/** One round of readings from the store, each queue and kind on its own so one failure spoils only itself. */
export async function takeSnapshot(
  symphony: Symphony,
  needs: SnapshotNeeds,
  now = Date.now(),
): Promise<ClusterSnapshot> {
  const snapshot: ClusterSnapshot = { at: now, queues: {}, errors: [] };
  const sampleOf = (queue: string): QueueSample => (snapshot.queues[queue] ??= {});
  const read = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      snapshot.errors.push(`${what}: ${(error as Error).message}`);
    }
  };
  const insight = (queue: string) => insightOf(symphony.queues.transport(queue));
  const readings: Promise<void>[] = [];
  for (const queue of needs.counts)
    readings.push(
      read(`counts of ${queue}`, async () => {
        sampleOf(queue).counts = await symphony.queues.transport(queue).counts(queue);
      }),
    );
  for (const queue of needs.oldestWaiting) {
    const source = insight(queue);
    if (source)
      readings.push(
        read(`oldest waiting on ${queue}`, async () => {
          const oldest = await source.oldestWaiting(queue, PRIORITIZED_SAMPLE);
          sampleOf(queue).oldestWaitingMs = oldest === undefined ? null : Math.max(0, now - oldest);
        }),
      );
  }
  for (const queue of needs.workers) {
    const source = insight(queue);
    if (source)
      readings.push(
        read(`workers of ${queue}`, async () => {
          sampleOf(queue).workers = await source.workerCount(queue);
        }),
      );
  }
  for (const [queue, minutes] of needs.finishedMinutes) {
    const source = insight(queue);
    if (source?.recordsThroughput)
      readings.push(
        read(`throughput of ${queue}`, async () => {
          const { completed, failed } = await source.throughput(queue, minutes);
          sampleOf(queue).finished = { completed: sum(completed), failed: sum(failed), minutes };
        }),
      );
  }
  if (needs.schedules)
    readings.push(
      read('schedules', async () => {
        snapshot.schedules = await pendingRuns(symphony, now);
      }),
    );
  await Promise.all(readings);
  return snapshot;
}

/** Every active repeating schedule whose pending run has not started. */
async function pendingRuns(symphony: Symphony, now: number): Promise<PendingRun[]> {
  const perQueue = await Promise.all(
    scheduleQueues(symphony).map(async ({ queue, store }) => {
      const records = (await store.records(queue)).filter((r) => !r.paused);
      const runs = await Promise.all(
        records.map(async (r) => {
          const state = await store.repeatState(queue, r.id);
          const pending = state && (state.pendingState === 'delayed' || state.pendingState === 'waiting');
          return pending ? [{ schedule: r.id, queue, lateMs: now - state.next }] : [];
        }),
      );
      return runs.flat();
    }),
  );
  return perQueue.flat();
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
