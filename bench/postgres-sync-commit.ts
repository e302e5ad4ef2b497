import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { defineApp } from '../src/bus/app-definition';
import { createSymphony } from '../src/bus/symphony';
import { defaultConfig } from '../src/config/config';
import { defineHandler } from '../src/handling/handler-registry';
import { createLogger } from '../src/logger';
import { defineMessage } from '../src/message/define-message';
import { startPostgres, stopPostgres } from '../test/helpers/postgres';
import { reportBenchFailure } from './bench-errors';

/**
 * The durability/throughput knob of the PostgreSQL transport: `synchronous_commit`. Times N awaited
 * dispatches and then handling them (concurrency 8), with it on (the default) and off, against a
 * throw-away PostgreSQL with fsync on (or BENCH_DATABASE_URL); the embedded store (pglite://, in a
 * temp dir) is timed the same way for comparison. Run:
 *   node --import tsx bench/postgres-sync-commit.ts [messages] [rounds]
 */
const mail = defineMessage('bench.mail', z.object({ to: z.string(), n: z.number().int() }));

function postgresDsn(url: string, syncCommit: 'on' | 'off'): string {
  const dsn = new URL(url);
  dsn.searchParams.set('schema', `bench_${syncCommit}_${Date.now()}`);
  // A server setting per connection, as a user would set it in the DSN.
  dsn.searchParams.set('options', `-c synchronous_commit=${syncCommit}`);
  return dsn.toString();
}

async function round(dsn: string, messages: number): Promise<[number, number]> {
  let handled = 0;
  const app = defineApp({
    messages: [mail],
    routing: { 'bench.*': 'mail' },
    queues: { mail: { priorities: false } },
    handlers: [defineHandler(mail, () => void handled++)],
  });
  const bus = createSymphony(app, defaultConfig({ defaultDsn: dsn, logLevel: 'silent' }), {
    logger: createLogger('silent'),
  });
  try {
    await bus.stats(['mail']); // connect and migrate outside the timing
    let started = performance.now();
    for (let n = 0; n < messages; n++) await bus.dispatch(mail, { to: `u${n}@example.com`, n });
    const dispatchRate = messages / ((performance.now() - started) / 1000);
    started = performance.now();
    const consumer = bus.consume('mail', { concurrency: 8 });
    while (handled < messages) await new Promise((r) => setTimeout(r, 5));
    const handleRate = messages / ((performance.now() - started) / 1000);
    await consumer.close();
    return [dispatchRate, handleRate];
  } finally {
    await bus.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const messages = Number(process.argv[2] ?? 2000);
  const rounds = Number(process.argv[3] ?? 3);
  const server = process.env.BENCH_DATABASE_URL ? undefined : await startPostgres({ durable: true });
  const url = process.env.BENCH_DATABASE_URL ?? server!.url;
  try {
    const results: Record<string, [number[], number[]]> = {};
    const record = async (label: string, dsn: string) => {
      const [dispatch, handle] = await round(dsn, messages);
      const entry = (results[label] ??= [[], []]);
      entry[0].push(dispatch);
      entry[1].push(handle);
    };
    for (let i = 0; i < rounds; i++) {
      for (const setting of ['on', 'off'] as const) {
        await record(`postgres, synchronous_commit=${setting}`, postgresDsn(url, setting));
      }
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pglite-'));
      try {
        await record('pglite (embedded)', `pglite://${dir}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    console.log(
      `${messages} messages, ${rounds} alternating rounds, medians in msgs/s (PostgreSQL fsync on):`,
    );
    for (const [label, [dispatch, handle]] of Object.entries(results)) {
      console.log(
        `  ${label.padEnd(34)} dispatch ${median(dispatch).toFixed(0).padStart(6)}` +
          `  handle (concurrency 8) ${median(handle).toFixed(0).padStart(6)}`,
      );
    }
  } finally {
    if (server) await stopPostgres(server);
  }
}

main().catch(reportBenchFailure);
