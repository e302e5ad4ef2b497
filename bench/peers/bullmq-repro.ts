import { createPostgresBackend, Queue, Worker, type BackendFactory } from 'bullmq';
import pg from 'pg';

/**
 * The minimal reproduction for the upstream issue (bench/README.md, "Upstream"): BullMQ alone on
 * PostgreSQL, no Symphony. Drains N no-op jobs at concurrency 10 with the three completed-job
 * policies and prints msgs/s and the server's time per message in the finish statement's retention
 * (pg_stat_statements when the server loads it, else only msgs/s):
 *
 *   DATABASE_URL=postgres://… node --import tsx bench/peers/bullmq-repro.ts [jobs]
 */
const url = process.env.DATABASE_URL;
const jobs = Number(process.argv[2] ?? 5000);
const factory = createPostgresBackend as unknown as BackendFactory;

async function drain(removeOnComplete: boolean | { count: number }): Promise<number> {
  const connection = { connectionString: url, schema: 'bullmq_repro', migrate: true } as never;
  const name = `repro-${Date.now()}`;
  const queue = new Queue(name, { connection, defaultJobOptions: { removeOnComplete } }, factory);
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'n', data: { k } })),
    );
  }
  let left = jobs;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const started = performance.now();
  const worker = new Worker(
    name,
    async () => void (--left === 0 && done()),
    { connection, concurrency: 10 },
    factory,
  );
  await finished;
  const rate = jobs / ((performance.now() - started) / 1000);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return rate;
}

async function retentionMsPerJob(admin: pg.Client): Promise<string> {
  const { rows } = await admin
    .query<{ ms: number; calls: string }>(
      `SELECT sum(total_exec_time) AS ms, sum(calls) AS calls FROM pg_stat_statements
        WHERE query LIKE 'SELECT apply_retention%'`,
    )
    .catch(() => ({ rows: [] as { ms: number; calls: string }[] }));
  const row = rows[0];
  return row?.calls
    ? `${((row.ms / Number(row.calls)) * 1000).toFixed(0)} µs in apply_retention per job`
    : '';
}

async function main(): Promise<void> {
  if (!url) throw new Error('Set DATABASE_URL to a PostgreSQL 13+ (fsync on for figures that mean anything)');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    for (const policy of [{ count: 1000 }, false, true] as const) {
      await admin.query('SELECT pg_stat_statements_reset()').catch(() => undefined);
      const rate = await drain(policy);
      console.log(
        `removeOnComplete ${JSON.stringify(policy)}: ${rate.toFixed(0)} jobs/s ${await retentionMsPerJob(admin)}`,
      );
    }
  } finally {
    await admin.query('DROP SCHEMA IF EXISTS bullmq_repro CASCADE');
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
