import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { defineApp } from '../../src/bus/app-definition';
import { createSymphony } from '../../src/bus/symphony';
import { defaultConfig } from '../../src/config/config';
import { defineHandler } from '../../src/handling/handler-registry';
import { createLogger } from '../../src/logger';
import { defineMessage } from '../../src/message/define-message';
import { searchIndexesSql } from '../../src/transport/bullmq/sql-search-indexes';
import { startPostgres, stopPostgres } from '../../test/helpers/postgres';
import { chunks, median, range } from '../measure';
import { postgresCpuProbe } from '../postgres-cpu';
import { markdownTable } from '../table';
import { reportBenchFailure } from '../bench-errors';

/**
 * `node --import tsx bench/search/index-cost.ts [messages] [rounds]`: what Symphony's search
 * indexes on BullMQ's `job` table cost PostgreSQL writers. Rotating rounds of three variants: no
 * search index, the newest-first index on (added_at_ms) alone, and on (added_at_ms, queue, id); the
 * two partial key indexes are there in both indexed variants (messages without keys skip them).
 * Each round: dispatchBatch of N messages, then a drain at concurrency 10; medians per variant.
 * Wall time is at the mercy of a busy machine, so the WAL each message writes (pg_current_wal_lsn)
 * and the server's CPU per message (/proc) are reported too. BENCH_DATABASE_URL (with
 * BENCH_DATABASE_DIR for its CPU), else a throw-away PostgreSQL with fsync on.
 */
const note = defineMessage('bench.note', z.object({ to: z.string(), text: z.string() }));
const VARIANTS = {
  without: undefined,
  '(added_at_ms)': '(added_at_ms)',
  '(added_at_ms, queue, id)': '(added_at_ms, queue, id)',
} as const;
type Variant = keyof typeof VARIANTS;
const METRICS = ['dispatch', 'drain', 'walDispatch', 'walDrain', 'cpuDispatch', 'cpuDrain'] as const;
type Series = Record<(typeof METRICS)[number], number[]>;
const series = (): Series => Object.fromEntries(METRICS.map((m) => [m, [] as number[]])) as unknown as Series;

/** The search indexes as Symphony migrates them, with the newest-first one on `columns`. */
function indexesWith(schema: string, columns: string): string[] {
  return searchIndexesSql(schema).map((sql) =>
    sql.includes('symphony_job_added') ? sql.replace(/\(added_at_ms[^)]*\)/, columns) : sql,
  );
}

async function main(): Promise<void> {
  const messages = Number(process.argv[2] ?? 5000);
  const rounds = Number(process.argv[3] ?? 3);
  const server = process.env.BENCH_DATABASE_URL ? undefined : await startPostgres({ durable: true });
  const base = process.env.BENCH_DATABASE_URL ?? server!.url;
  const dataDir = server ? path.join(server.dir, 'data') : process.env.BENCH_DATABASE_DIR;
  const cpu = (dataDir && postgresCpuProbe(dataDir)) || (async () => 0);
  const schema = `bench_idx_${randomUUID().slice(0, 8)}`;
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  let handled = 0;
  const app = defineApp({
    messages: [note],
    routing: { 'bench.*': 'q' },
    queues: { q: { priorities: false, concurrency: 10 } },
    handlers: [defineHandler(note, () => void handled++)],
  });
  const config = defaultConfig({ defaultDsn: url.toString(), autoMigrate: true, logLevel: 'silent' });
  const bus = createSymphony(app, config, { logger: createLogger('silent') });
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const walBytes = async (): Promise<number> => {
    const { rows } = await admin.query<{ b: string }>(
      "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint AS b",
    );
    return Number(rows[0]!.b);
  };
  const names = Object.keys(VARIANTS) as Variant[];
  const results = Object.fromEntries(names.map((v) => [v, series()])) as Record<Variant, Series>;
  try {
    await bus.stats(); // migrates the schema (indexes included)
    for (let round = 0; round < rounds; round++) {
      const order = names.map((_, i) => names[(i + round) % names.length]!);
      for (const variant of order) {
        for (const sql of searchIndexesSql(schema)) {
          await admin.query(`DROP INDEX IF EXISTS "${schema}".${/EXISTS (\w+)/.exec(sql)![1]}`);
        }
        const columns = VARIANTS[variant];
        if (columns) for (const sql of indexesWith(schema, columns)) await admin.query(sql);
        const [w0, c0, t0] = [await walBytes(), await cpu(), performance.now()];
        for (const part of chunks(range(messages), 1000)) {
          await bus.dispatchBatch(
            part.map((i) => ({ type: note, body: { to: `u${i}@example.com`, text: `hello ${i}` } })),
          );
        }
        const [t1, c1, w1] = [performance.now(), await cpu(), await walBytes()];
        handled = 0;
        const consumer = bus.consume('q');
        while (handled < messages) await new Promise((resolve) => setTimeout(resolve, 20));
        const [t2, c2] = [performance.now(), await cpu()];
        await consumer.close();
        const w2 = await walBytes();
        await admin.query(`DELETE FROM "${schema}".job WHERE queue = 'q'`);
        await admin.query(`VACUUM "${schema}".job`);
        const r = results[variant];
        r.dispatch.push((messages / (t1 - t0)) * 1000);
        r.drain.push((messages / (t2 - t1)) * 1000);
        r.walDispatch.push((w1 - w0) / messages);
        r.walDrain.push((w2 - w1) / messages);
        r.cpuDispatch.push(((c1 - c0) * 1e6) / messages);
        r.cpuDrain.push(((c2 - c1) * 1e6) / messages);
        console.log(`  round ${round + 1}, ${variant}: done`);
      }
    }
  } finally {
    await bus.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    if (server) await stopPostgres(server);
  }
  const labels: [string, keyof Series][] = [
    ['dispatchBatch, msgs/s', 'dispatch'],
    ['drain at concurrency 10, msgs/s', 'drain'],
    ['dispatchBatch, WAL bytes per message', 'walDispatch'],
    ['drain, WAL bytes per message', 'walDrain'],
    ['dispatchBatch, server CPU µs per message', 'cpuDispatch'],
    ['drain, server CPU µs per message', 'cpuDrain'],
  ];
  const rows = labels.map(([label, key]) => [label, ...names.map((v) => median(results[v][key]).toFixed(0))]);
  console.log(`\n${messages} messages per run, ${rounds} rotating rounds, medians:\n`);
  console.log(markdownTable(['', ...names], rows, new Set([1, 2, 3])));
}

main().catch(reportBenchFailure);
