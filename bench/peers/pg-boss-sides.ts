import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { bodyFor } from '../fixtures';
import { chunks, countdown, measure, range, type RedisCpuProbe } from '../measure';
import { BULK_CHUNK } from '../raw-drivers';

/**
 * pg-boss 10 on the bench's PostgreSQL, in a schema of its own, for the record. Its workers poll:
 * after each fetch a worker waits out its polling interval (at least 0.5 s) whatever it found, so
 * a drain is bound by workers x batchSize / interval, not by the database.
 */
export const PG_BOSS_WORKERS = 10;
export const PG_BOSS_POLL_SECONDS = 0.5;

export interface PgBossPeer {
  sendOne(messages: number, cpu: RedisCpuProbe): ReturnType<typeof measure>;
  insertBatches(messages: number, cpu: RedisCpuProbe): ReturnType<typeof measure>;
  /** PG_BOSS_WORKERS workers, each fetching up to `batchSize` jobs per poll. */
  drain(messages: number, cpu: RedisCpuProbe, batchSize: number): ReturnType<typeof measure>;
  close(): Promise<void>;
}

export async function openPgBoss(url: string, schema: string): Promise<PgBossPeer> {
  const boss = new PgBoss({
    connectionString: url,
    schema,
    max: 10,
    supervise: false, // no maintenance loop during the timing
    schedule: false,
    migrate: true,
  });
  boss.on('error', () => undefined);
  await boss.start();
  /**
   * A fresh queue per run (pg-boss 10 gives each queue a partition of its own); queues are left to
   * the schema's drop at the end, since deleteQueue refuses a queue that still has jobs.
   */
  const withQueue = async <T>(work: (queue: string) => Promise<T>): Promise<T> => {
    const queue = `bench_${randomUUID().slice(0, 8)}`;
    await boss.createQueue(queue);
    try {
      return await work(queue);
    } finally {
      await boss.offWork(queue);
    }
  };
  const fill = async (queue: string, messages: number) => {
    for (const part of chunks(range(messages), BULK_CHUNK)) {
      await boss.insert(part.map((i) => ({ name: queue, data: bodyFor(i) })));
    }
  };
  return {
    sendOne: (messages, cpu) =>
      withQueue(async (queue) => {
        await boss.send(queue, bodyFor(0)); // untimed, like the other sides' first call
        return measure(messages, cpu, async () => {
          for (let i = 0; i < messages; i++) await boss.send(queue, bodyFor(i));
        });
      }),
    insertBatches: (messages, cpu) =>
      withQueue((queue) => measure(messages, cpu, () => fill(queue, messages))),
    drain: (messages, cpu, batchSize) =>
      withQueue(async (queue) => {
        await fill(queue, messages);
        const handled = countdown(messages);
        const options = { batchSize, pollingIntervalSeconds: PG_BOSS_POLL_SECONDS };
        return measure(messages, cpu, async () => {
          for (let w = 0; w < PG_BOSS_WORKERS; w++) {
            await boss.work(queue, options, async (jobs) => jobs.forEach(() => handled.tick()));
          }
          await handled.done;
        });
      }),
    close: async () => {
      await boss.stop({ graceful: false, wait: true });
      const { Client } = await import('pg');
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
