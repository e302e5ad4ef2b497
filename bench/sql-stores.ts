import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createPostgresBackend,
  Queue,
  Worker,
  type BackendFactory,
  type Processor,
  type WorkerOptions,
} from 'bullmq';
import pg from 'pg';
import type { Symphony } from '../src/bus/symphony';
import { BullMqTransport } from '../src/transport/bullmq/bullmq-transport';
import { openPgliteStore } from '../src/transport/bullmq/pglite/pglite-store';
import { sharedPoolBackendFactory } from '../src/transport/bullmq/postgres-backend';
import { startPostgres, stopPostgres, type TestPostgres } from '../test/helpers/postgres';
import { defaultConfig } from '../src/config/config';
import { sqlJobRetention } from '../src/transport/bullmq/sql-completed-retention';
import type { RedisCpuProbe } from './measure';
import { postgresCpuProbe } from './postgres-cpu';
import { BenchInputError, safeUrl } from './bench-errors';
import type { BenchStore, RawHandle } from './stores';

/**
 * The SQL stores: raw BullMQ on its PostgreSQL backend vs Symphony on `postgres://`, and the same
 * on the embedded store (`pglite://`, where "raw" is BullMQ on Symphony's PGlite pool, since plain
 * BullMQ cannot reach PGlite). Database: BENCH_DATABASE_URL, else a throw-away PostgreSQL with
 * fsync on (durable, like production). One schema (PostgreSQL) or one data directory (PGlite) serves
 * the whole bench, migrated once; each run gets a fresh queue and drops its jobs afterwards, like the
 * fresh key prefix on Redis (a fresh PGlite directory takes seconds to create). Await
 * `stopBenchDatabase()` when the run ends: a started server keeps the process alive.
 */
/** PGlite runs in this process (its CPU is in the node column); a server elsewhere cannot be sampled. */
const noCpu: RedisCpuProbe = async () => 0;
const tag = (): string => randomUUID().slice(0, 8);

let server: Promise<TestPostgres> | undefined;
/** BENCH_DATABASE_URL, else the throw-away server's (started on first use). */
export async function benchDatabaseUrl(): Promise<string> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) {
    givenChecked ??= checkReachable(given);
    await givenChecked;
    return given;
  }
  server ??= startPostgres({ durable: true });
  return (await server).url;
}
const databaseUrl = benchDatabaseUrl;

let givenChecked: Promise<void> | undefined;
/** A wrong BENCH_DATABASE_URL said once, by its name, rather than as the first row's stack. */
async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new BenchInputError(
      `BENCH_DATABASE_URL ${safeUrl(url)} cannot be reached (${(error as Error).message}); ` +
        'unset it and the bench starts a PostgreSQL of its own',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

let serverCpu: RedisCpuProbe | undefined;
/**
 * The CPU of the PostgreSQL server (all its processes, from /proc): the throw-away one, or the
 * server of BENCH_DATABASE_URL when BENCH_DATABASE_DIR names its data directory on this machine;
 * else not sampled (reads 0).
 */
export async function postgresCpu(): Promise<RedisCpuProbe> {
  const dataDir = process.env.BENCH_DATABASE_URL
    ? process.env.BENCH_DATABASE_DIR
    : server && path.join((await server).dir, 'data');
  if (!dataDir) return noCpu;
  serverCpu ??= postgresCpuProbe(dataDir) ?? noCpu;
  return serverCpu;
}

const schema = `bench_${tag()}`;
const usedSchemas = new Set<string>();
let pgliteDir: string | undefined;

/** A fresh schema name on the bench database, dropped by stopBenchDatabase once used. */
export const benchSchemaName = (what: string): string => `bench_${what}_${tag()}`;

/** The bench database's URL with `?schema=name`; the schema is dropped by stopBenchDatabase. */
export async function benchSchemaUrl(name: string): Promise<string> {
  usedSchemas.add(name);
  const url = new URL(await databaseUrl());
  url.searchParams.set('schema', name);
  return url.toString();
}

/** Drops the bench schemas, stops the throw-away server and removes the PGlite directory. */
export async function stopBenchDatabase(): Promise<void> {
  if (usedSchemas.size > 0) {
    const client = new pg.Client({ connectionString: await databaseUrl() });
    await client.connect();
    for (const name of usedSchemas) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    usedSchemas.clear();
    await client.end();
  }
  const started = server;
  server = undefined;
  serverCpu = undefined;
  if (started) await stopPostgres(await started);
  if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
  pgliteDir = undefined;
}

/** One line saying what the SQL rows were measured on (starts the server if need be). */
export async function describeSqlStores(): Promise<string> {
  const client = new pg.Client({ connectionString: await databaseUrl() });
  await client.connect();
  const { rows } = await client.query<{ version: string; fsync: string; commit: string }>(
    "SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync, " +
      "current_setting('synchronous_commit') AS commit",
  );
  await client.end();
  const { version, fsync, commit } = rows[0]!;
  const where = process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'a throw-away server';
  return (
    `PostgreSQL ${version} on ${where} (fsync ${fsync}, synchronous_commit ${commit}` +
    `${(await postgresCpu()) === noCpu ? ', its CPU not sampled' : ', its CPU sampled from /proc'}); ` +
    `PGlite ${pgliteVersion()} in this process (its CPU is in the node column)`
  );
}

/** The package does not export its package.json; it sits above the resolved entry point. */
function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite');
  const file = path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`)), 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

const sqlQueue = (caseId: string): string => `${caseId}-${tag()}`;

/**
 * The job options Symphony stores on the SQL stores, for raw BullMQ too: no count for BullMQ to apply
 * in every completion (Symphony trims completed jobs itself; with `{count}` BullMQ reads every kept
 * job per completion, and raw workers deadlocked on each other's deletes, failing jobs the drain
 * then waits for forever). Raw runs keep what they complete until the queue is dropped.
 */
const SQL_RETENTION = sqlJobRetention(defaultConfig().retention);

/** Raw BullMQ's Queue and Workers over a backend factory, with the same retention as Symphony. */
function rawHandle(
  name: string,
  connection: unknown,
  factory: BackendFactory,
  store: { onWorker?: () => void; close?: () => Promise<void> } = {},
): RawHandle {
  const workers: Worker[] = [];
  const opts = { connection: connection as never, defaultJobOptions: SQL_RETENTION };
  const queue = new Queue(name, opts, factory) as unknown as Queue;
  return {
    queue,
    worker: (concurrency: number, processor: Processor, extra: Partial<WorkerOptions> = {}) => {
      store.onWorker?.();
      const worker = new Worker(name, processor, { ...extra, ...opts, concurrency }, factory);
      workers.push(worker as unknown as Worker);
      return worker as unknown as Worker;
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      await queue.obliterate({ force: true });
      await queue.close();
      await store.close?.();
    },
  };
}

/**
 * Drops a Symphony run's jobs through the bus's own BullMQ queue before closing it: on PGlite a
 * second handle would mean opening the data directory again.
 */
async function dropAndClose(symphony: Symphony, queue: string): Promise<void> {
  for (const transport of symphony.transports()) {
    if (transport instanceof BullMqTransport) await transport.queue(queue).obliterate({ force: true });
  }
  await symphony.close();
}

/**
 * PostgreSQL: Symphony on `postgres://…?schema=`, raw BullMQ with its own pools (as a user would),
 * in one schema; `prepare` runs once, before the first run in it, with the schema's URL.
 */
export function postgresStoreIn(name: string, prepare?: (url: string) => Promise<void>): BenchStore {
  let prepared: Promise<void> | undefined;
  return {
    kind: 'postgres',
    label: 'PostgreSQL',
    place: async (_ctx, caseId) => {
      const url = await benchSchemaUrl(name);
      await (prepared ??= prepare?.(url) ?? Promise.resolve());
      return { url, prefix: 'bench', queue: sqlQueue(caseId) };
    },
    openRaw: async (_ctx, { url, queue }) => {
      const connectionString = new URL(url);
      connectionString.searchParams.delete('schema');
      const connection = { connectionString: connectionString.toString(), schema: name, migrate: true };
      return rawHandle(queue, connection, createPostgresBackend as unknown as BackendFactory);
    },
    closeBus: (_ctx, { queue }, symphony) => dropAndClose(symphony, queue),
    cpu: () => async () => (await postgresCpu())(),
  };
}

export const postgresStore: BenchStore = postgresStoreIn(schema);

/**
 * PGlite: one process holds a data directory at a time, so each run opens it and closes it again
 * (Symphony through its DSN, raw BullMQ through Symphony's PGlite pool). PGlite has no autovacuum:
 * a raw run ends with VACUUM, which also clears the rows the Symphony run before it dropped (raw and
 * Symphony runs alternate), or dead rows would pile up and slow later runs.
 */
export const pgliteStore: BenchStore = {
  kind: 'pglite',
  label: 'embedded PGlite',
  place: async (_ctx, caseId) => {
    pgliteDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pglite-'));
    return { url: `pglite://${pgliteDir}`, prefix: 'bench', queue: sqlQueue(caseId) };
  },
  openRaw: async (_ctx, { url, queue }) => {
    const store = openPgliteStore(url);
    await store.schema.migrate();
    const factory = sharedPoolBackendFactory(store.pool, store.schema.schema, async () => undefined);
    // Each Worker keeps one pooled client for LISTEN; Symphony's transport grows the pool the same way.
    return rawHandle(queue, {}, factory as unknown as BackendFactory, {
      onWorker: () => void (store.pool.options.max += 1),
      close: async () => {
        await store.pool.query('VACUUM');
        await store.close();
      },
    });
  },
  closeBus: (_ctx, { queue }, symphony) => dropAndClose(symphony, queue),
  cpu: () => noCpu,
};
