import path from 'node:path';
import pg from 'pg';
import { startPostgres, stopPostgres } from '../test/helpers/postgres';
import { benchBus, benchMail, bodyFor } from './fixtures';
import { chunks, countdown, range } from './measure';
import { applyBullmqPatch, installedBullmq, PATCHED_BULLMQ } from './peers/bullmq-patch';
import { openGraphile } from './peers/graphile-sides';
import { postgresCpuProbe } from './postgres-cpu';
import { markdownTable } from './table';
import { reportBenchFailure } from './bench-errors';

/**
 * `node --import tsx bench/postgres-statements.ts [messages] [concurrency]`: where a PostgreSQL
 * queue spends its time per message. A throw-away PostgreSQL (fsync on) with pg_stat_statements
 * counting nested statements; for Symphony (BullMQ's backend, stock and with the proposed
 * bullmq-pg-patch.sql) and graphile-worker: batch enqueue
 * of N messages, then a drain at the given concurrency (10), each reported per message: round
 * trips (statements the client sent), statements run (nested ones too), commits, NOTIFYs, advisory
 * lock calls, WAL bytes and server CPU, then the statements that took the most time.
 */
const SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
  'pg_stat_statements.max': '10000',
};
const TOP = 12;

interface Sample {
  label: string;
  figures: string[];
  top: string[][];
}

async function main(): Promise<void> {
  const messages = Number(process.argv[2] ?? 5000);
  const concurrency = Number(process.argv[3] ?? 10);
  const server = await startPostgres({ durable: true, settings: SETTINGS });
  const cpu = postgresCpuProbe(path.join(server.dir, 'data'))!;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE EXTENSION pg_stat_statements');
  const samples: Sample[] = [];
  /** Runs `work` between two snapshots of the server's counters. */
  const observe = async (label: string, work: () => Promise<void>) => {
    const counters = async () => {
      const { rows } = await admin.query<{ commits: string; wal: string }>(
        `SELECT xact_commit AS commits, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint AS wal
           FROM pg_stat_database WHERE datname = current_database()`,
      );
      return { commits: Number(rows[0]!.commits), wal: Number(rows[0]!.wal), cpu: await cpu() };
    };
    await admin.query('SELECT pg_stat_statements_reset()');
    const before = await counters();
    await work();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // backends flush their counters each second
    const after = await counters();
    samples.push(await summarize(admin, label, messages, before, after));
    console.log(`  ${label}: done`);
  };
  /** Symphony's batch dispatch then drain, in one schema. */
  const symphony = async (who: string, schema: string, prepare?: (url: string) => Promise<void>) => {
    const url = new URL(server.url);
    url.searchParams.set('schema', schema);
    await prepare?.(url.toString());
    const handled = countdown(messages);
    const bus = benchBus({
      url: url.toString(),
      prefix: 'b',
      queue: 'q',
      priorities: false,
      onHandled: handled.tick,
    });
    await bus.dispatch(benchMail, bodyFor(messages - 1)); // migrates, connects; drained with the rest
    await observe(`${who}: dispatchBatch (1,000 a call)`, async () => {
      for (const part of chunks(range(messages - 1), 1000)) {
        await bus.dispatchBatch(part.map((i) => ({ type: benchMail, body: bodyFor(i) })));
      }
    });
    let consumer: ReturnType<typeof bus.consume> | undefined;
    await observe(`${who}: drain at concurrency ${concurrency}`, async () => {
      consumer = bus.consume('q', { concurrency });
      await handled.done;
    });
    await consumer?.close();
    await bus.close();
  };
  try {
    await symphony('Symphony', 'symphony_stmts');
    if (installedBullmq === PATCHED_BULLMQ) {
      await symphony('Symphony, BullMQ patched', 'symphony_patched', applyBullmqPatch);
    }
    const graphile = await openGraphile(server.url, 'graphile_stmts');
    await observe('graphile-worker: addJobs (1,000 a call)', async () => {
      await graphile.addBatches(messages, async () => 0);
    });
    await graphile.fill(messages);
    await observe(`graphile-worker: drain at concurrency ${concurrency}`, async () => {
      await graphile.drain(messages, async () => 0, { concurrency, filled: true });
    });
    await graphile.close();
  } finally {
    await admin.end();
    await stopPostgres(server);
  }
  console.log(`\n${messages} messages; per message:\n`);
  const heads = [
    'round trips',
    'statements run',
    'commits',
    'NOTIFY',
    'advisory locks',
    'WAL bytes',
    'server CPU µs',
  ];
  console.log(
    markdownTable(
      ['', ...heads],
      samples.map((s) => [s.label, ...s.figures]),
      new Set([1, 2, 3, 4, 5, 6, 7]),
    ),
  );
  for (const s of samples) {
    console.log(`\n${s.label}, the ${TOP} statements that took the most time (nested ones indented):\n`);
    console.log(markdownTable(['statement', 'calls/msg', 'µs/msg', 'blocks/msg'], s.top, new Set([1, 2, 3])));
  }
}

async function summarize(
  admin: pg.Client,
  label: string,
  messages: number,
  before: { commits: number; wal: number; cpu: number },
  after: { commits: number; wal: number; cpu: number },
): Promise<Sample> {
  const { rows } = await admin.query<{
    toplevel: boolean;
    calls: string;
    ms: number;
    blocks: string;
    query: string;
  }>(
    `SELECT toplevel, calls, total_exec_time AS ms, shared_blks_hit + shared_blks_read AS blocks,
            regexp_replace(query, '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query NOT LIKE '%pg_stat_%' AND query NOT LIKE '%pg_current_wal_lsn%'`,
  );
  const per = (n: number) => n / messages;
  const sum = (pick: (r: (typeof rows)[number]) => boolean) =>
    per(rows.filter(pick).reduce((total, r) => total + Number(r.calls), 0));
  const figures = [
    sum((r) => r.toplevel).toFixed(3),
    sum(() => true).toFixed(2),
    per(after.commits - before.commits).toFixed(3),
    sum((r) => /pg_notify/.test(r.query)).toFixed(3),
    sum((r) => /pg_advisory|pg_try_advisory/.test(r.query)).toFixed(3),
    per(after.wal - before.wal).toFixed(0),
    (per(after.cpu - before.cpu) * 1e6).toFixed(0),
  ];
  const top = [...rows]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, TOP)
    .map((r) => [
      `${r.toplevel ? '' : '  '}${stripComments(r.query).slice(0, 90)}`,
      per(Number(r.calls)).toFixed(3),
      (per(r.ms) * 1000).toFixed(0),
      per(Number(r.blocks)).toFixed(1),
    ]);
  return { label, figures, top };
}

/** BullMQ's command files open with comment lines; the statement is what follows. */
const stripComments = (sql: string): string =>
  sql.replace(/--.*?(?=(SELECT|INSERT|UPDATE|DELETE|WITH)\b)/, '').trim();

main().catch(reportBenchFailure);
