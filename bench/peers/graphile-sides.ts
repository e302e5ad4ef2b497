import { Logger, makeWorkerUtils, run, runMigrations, type WorkerUtils } from 'graphile-worker';
import pg from 'pg';
import { bodyFor } from '../fixtures';
import { chunks, countdown, measure, range, type RedisCpuProbe } from '../measure';
import { BULK_CHUNK } from '../raw-drivers';

/**
 * graphile-worker 0.17 on the bench's PostgreSQL, in a schema of its own: the peer a Supabase user
 * would pick instead. Each run starts from an empty job table; drains time from `run()` (on a pool
 * that is already connected, as Symphony's bus is) until the task has seen the last job.
 */
const silent = new Logger(() => () => undefined);
const TASK = 'bench_mail';

export interface GraphilePeer {
  addOne(messages: number, cpu: RedisCpuProbe): ReturnType<typeof measure>;
  addBatches(messages: number, cpu: RedisCpuProbe): ReturnType<typeof measure>;
  /** Adds `messages` jobs with addJobs, 1,000 a call. */
  fill(messages: number): Promise<void>;
  /**
   * Drains `messages` jobs, added first unless `filled` says they are there. `localQueue` > 1 lets
   * one pool fetch (and lock) that many jobs per query.
   */
  drain(
    messages: number,
    cpu: RedisCpuProbe,
    options: { concurrency: number; localQueue?: number; filled?: boolean },
  ): ReturnType<typeof measure>;
  close(): Promise<void>;
}

export async function openGraphile(url: string, schema: string): Promise<GraphilePeer> {
  // node-postgres' default pool size, which is graphile-worker's own default (maxPoolSize 10).
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A dropped connection is an error event; graphile-worker warns unless both are handled.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const shared = { pgPool: pool, schema, logger: silent };
  await runMigrations(shared);
  const utils: WorkerUtils = await makeWorkerUtils(shared);
  const clear = () => pool.query(`DELETE FROM "${schema}"._private_jobs`);
  const spec = (i: number) => ({ identifier: TASK, payload: bodyFor(i) });
  const fill = async (messages: number) => {
    for (const part of chunks(range(messages), BULK_CHUNK)) await utils.addJobs(part.map(spec));
  };
  return {
    addOne: async (messages, cpu) => {
      const result = await measure(messages, cpu, async () => {
        for (let i = 0; i < messages; i++) await utils.addJob(TASK, bodyFor(i));
      });
      await clear();
      return result;
    },
    addBatches: async (messages, cpu) => {
      const result = await measure(messages, cpu, fill.bind(null, messages));
      await clear();
      return result;
    },
    fill,
    drain: async (messages, cpu, { concurrency, localQueue, filled }) => {
      if (!filled) await fill(messages);
      const handled = countdown(messages);
      let runner: Awaited<ReturnType<typeof run>> | undefined;
      const result = await measure(messages, cpu, async () => {
        runner = await run({
          ...shared,
          concurrency,
          noHandleSignals: true,
          taskList: { [TASK]: async () => handled.tick() },
          ...(localQueue ? { preset: { worker: { localQueue: { size: localQueue } } } } : {}),
        });
        await handled.done;
      });
      await runner?.stop();
      await clear();
      return result;
    },
    close: async () => {
      await utils.release();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
