import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPostgresBackend, Queue, Worker, type BackendFactory, type Processor } from 'bullmq';
import pg from 'pg';
import { openPgliteStore } from '../../src/transport/bullmq/pglite/pglite-store';
import { sharedPoolBackendFactory } from '../../src/transport/bullmq/postgres-backend';
import { startPostgres, stopPostgres, type TestPostgres } from '../../test/helpers/postgres';
import type { BenchCase, Side } from '../bench-case';
import { benchBus, benchMail, bodyFor, RETENTION } from '../fixtures';
import { plainJob } from '../job-shapes';
import { chunks, countdown, measure, range } from '../measure';

/**
 * The Postgres columns: raw BullMQ on its PostgreSQL backend vs Symphony on `postgres://`, and the
 * same on the embedded store (`pglite://`, where "raw" is BullMQ on Symphony's PGlite pool, since
 * plain BullMQ cannot reach PGlite). Same no-op handler and retention as the Redis cases.
 * Database: BENCH_DATABASE_URL, else a throw-away PostgreSQL with fsync on (durable, like
 * production). Register with `allCases.push(...postgresCases)` in cases/index.ts, and await
 * `stopBenchDatabase()` when the run ends (a started server keeps the process alive).
 */
type Store = 'postgres' | 'pglite';
const noCpu = async () => 0; // the database's CPU is not sampled (Redis-only probe)
const BULK = 1000;

let server: Promise<TestPostgres> | undefined;
async function databaseUrl(): Promise<string> {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  server ??= startPostgres({ durable: true });
  return (await server).url;
}

/** Stops the throw-away server, if the cases started one. */
export async function stopBenchDatabase(): Promise<void> {
  const started = server;
  server = undefined;
  if (started) await stopPostgres(await started);
}

/** A fresh store per run: its own schema on the server, or its own PGlite directory; dropped after. */
async function freshStore(store: Store): Promise<{ dsn: string; drop: () => Promise<void> }> {
  if (store === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pglite-'));
    return { dsn: `pglite://${dir}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const url = new URL(await databaseUrl());
  const schema = `bench_${randomUUID().slice(0, 8)}`;
  url.searchParams.set('schema', schema);
  const drop = async () => {
    const client = new pg.Client({ connectionString: await databaseUrl() });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  };
  return { dsn: url.toString(), drop };
}

/** Plain BullMQ on the store: BullMQ's own pools on PostgreSQL, Symphony's pool layer on PGlite. */
async function rawOn(
  store: Store,
  dsn: string,
): Promise<{ queue: Queue; worker: (c: number, p: Processor) => Worker; close: () => Promise<void> }> {
  const name = 'bench';
  const workers: Worker[] = [];
  let connection: unknown;
  let factory: BackendFactory | undefined;
  let closeStore = async (): Promise<void> => undefined;
  if (store === 'postgres') {
    const url = new URL(dsn);
    const schema = url.searchParams.get('schema')!;
    url.searchParams.delete('schema');
    connection = { connectionString: url.toString(), schema, migrate: true };
    factory = createPostgresBackend as unknown as BackendFactory;
  } else {
    const pglite = openPgliteStore(dsn);
    await pglite.schema.migrate();
    connection = {};
    factory = sharedPoolBackendFactory(
      pglite.pool,
      pglite.schema.schema,
      async () => undefined,
    ) as unknown as BackendFactory;
    closeStore = () => pglite.close();
  }
  const opts = { connection: connection as never, defaultJobOptions: RETENTION };
  const queue = new Queue(name, opts, factory) as unknown as Queue;
  return {
    queue,
    worker: (concurrency, processor) => {
      const worker = new Worker(name, processor, { ...opts, concurrency }, factory) as unknown as Worker;
      workers.push(worker);
      return worker;
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      await queue.close();
      await closeStore();
    },
  };
}

function rawSide(store: Store, kind: 'one' | 'bulk' | 'drain', concurrency = 8): Side {
  return async (_ctx, messages) => {
    const { dsn, drop } = await freshStore(store);
    const raw = await rawOn(store, dsn);
    try {
      await raw.queue.add(plainJob(0).name, plainJob(0).data); // connect and migrate untimed
      if (kind === 'one') {
        return await measure(messages, noCpu, async () => {
          for (let i = 0; i < messages; i++) await raw.queue.add(plainJob(i).name, plainJob(i).data);
        });
      }
      if (kind === 'bulk') {
        return await measure(messages, noCpu, async () => {
          for (const batch of chunks(range(messages), BULK)) await raw.queue.addBulk(batch.map(plainJob));
        });
      }
      await raw.queue.obliterate({ force: true });
      for (const batch of chunks(range(messages), BULK)) await raw.queue.addBulk(batch.map(plainJob));
      const handled = countdown(messages);
      return await measure(messages, noCpu, async () => {
        raw.worker(concurrency, async () => handled.tick());
        await handled.done;
      });
    } finally {
      await raw.close();
      await drop();
    }
  };
}

function symphonySide(store: Store, kind: 'one' | 'bulk' | 'drain', concurrency = 8): Side {
  return async (_ctx, messages) => {
    const { dsn, drop } = await freshStore(store);
    const handled = countdown(messages);
    const bus = benchBus({
      url: dsn,
      prefix: 'bench',
      queue: 'bench',
      priorities: false,
      onHandled: handled.tick,
    });
    try {
      if (kind === 'drain') {
        for (const batch of chunks(range(messages), BULK)) {
          await bus.dispatchBatch(batch.map((i) => ({ type: benchMail, body: bodyFor(i) })));
        }
        return await measure(messages, noCpu, async () => {
          bus.consume('bench', { concurrency });
          await handled.done;
        });
      }
      await bus.stats(['bench']); // connect and migrate untimed
      if (kind === 'one') {
        return await measure(messages, noCpu, async () => {
          for (let i = 0; i < messages; i++) await bus.dispatch(benchMail, bodyFor(i));
        });
      }
      return await measure(messages, noCpu, async () => {
        for (const batch of chunks(range(messages), BULK)) {
          await bus.dispatchBatch(batch.map((i) => ({ type: benchMail, body: bodyFor(i) })));
        }
      });
    } finally {
      await bus.close();
      await drop();
    }
  };
}

function casesFor(store: Store): BenchCase[] {
  const label = store === 'postgres' ? 'PostgreSQL' : 'embedded PGlite';
  return [
    {
      id: `${store}-dispatch-single`,
      title: `${label}: dispatch, one at a time`,
      messages: 1000,
      warmup: 500,
      raw: rawSide(store, 'one'),
      symphony: symphonySide(store, 'one'),
    },
    {
      id: `${store}-dispatch-batch`,
      title: `${label}: dispatch in batches of ${BULK}`,
      messages: 5000,
      warmup: 2000,
      raw: rawSide(store, 'bulk'),
      symphony: symphonySide(store, 'bulk'),
    },
    {
      id: `${store}-drain-8`,
      title: `${label}: handle, concurrency 8`,
      messages: 2000,
      warmup: 500,
      raw: rawSide(store, 'drain'),
      symphony: symphonySide(store, 'drain'),
    },
  ];
}

export const postgresCases: BenchCase[] = [...casesFor('postgres'), ...casesFor('pglite')];
