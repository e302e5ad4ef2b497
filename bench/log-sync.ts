import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createLogger } from '../src/logger';
import { benchBus, benchMail, bodyFor } from './fixtures';
import { benchRedis } from './redis';
import { reportBenchFailure } from './bench-errors';

/**
 * What writing the per-message log line synchronously costs (docs/operations.md, "Logs and
 * crashes"). A worker on Redis handles N messages (concurrency 8, no-op handler) with its logger
 * at info writing to a file: asynchronously (pino's default: lines queued in the process until
 * written), synchronously (each line written before the handler's message is acknowledged), and
 * silent for reference. Rounds alternate; medians. Run:
 *   node --import tsx bench/log-sync.ts [messages] [rounds]
 */
type Mode = 'silent' | 'async' | 'sync';

interface Sample {
  rate: number;
  /** CPU time of this process per message, µs: steadier than wall time on a busy machine. */
  cpuUs: number;
}

async function round(url: string, mode: Mode, messages: number, file: string): Promise<Sample> {
  let handled = 0;
  const destination = pino.destination({ dest: file, sync: mode === 'sync' });
  const bus = benchBus({
    url,
    prefix: `bench-log-${mode}-${Date.now()}`,
    queue: 'mail',
    priorities: false,
    onHandled: () => void handled++,
    logger: createLogger(mode === 'silent' ? 'silent' : 'info', destination),
  });
  try {
    for (let start = 0; start < messages; start += 1000) {
      const size = Math.min(1000, messages - start);
      await bus.dispatchBatch(
        Array.from({ length: size }, (_, i) => ({ type: benchMail.type, body: bodyFor(start + i) })),
      );
    }
    const started = performance.now();
    const cpu = process.cpuUsage();
    const consumer = bus.consume('mail', { concurrency: 8 });
    while (handled < messages) await new Promise((r) => setTimeout(r, 5));
    const used = process.cpuUsage(cpu);
    const rate = messages / ((performance.now() - started) / 1000);
    await consumer.close();
    return { rate, cpuUs: (used.user + used.system) / messages };
  } finally {
    destination.flushSync();
    await bus.close();
  }
}

/** CPU µs of one per-message line alone (built, serialised, written), to a file; the same shape as logHandling's. */
async function lineCost(sync: boolean, file: string, lines: number): Promise<number> {
  const destination = pino.destination({ dest: file, sync });
  const logger = createLogger('info', destination);
  const cpu = process.cpuUsage();
  for (let n = 0; n < lines; n++) {
    logger.info(
      { id: `m-${n}`, type: 'bench.mail', queue: 'mail', attempt: 1, durationMs: 0.12, outcome: 'handled' },
      'message handled',
    );
    if (!sync && n % 100 === 99) await new Promise((resolve) => setImmediate(resolve)); // let writes run
  }
  await new Promise<void>((resolve) => destination.flush(() => resolve()));
  const used = process.cpuUsage(cpu);
  destination.end();
  return (used.user + used.system) / lines;
}

const rotate = <T>(xs: readonly T[], by: number): T[] => xs.map((_, i) => xs[(i + by) % xs.length]!);
const pct = (value: number, base: number) => `${((value / base) * 100).toFixed(0)}%`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const messages = Number(process.argv[2] ?? 5000);
  const rounds = Number(process.argv[3] ?? 5);
  const redis = await benchRedis();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-log-sync-'));
  try {
    const samples: Record<Mode, Sample[]> = { silent: [], async: [], sync: [] };
    for (let i = 0; i < rounds; i++) {
      // The order turns each round: on a busy machine the first of a round fares differently.
      for (const mode of rotate(['async', 'sync', 'silent'] as const, i)) {
        samples[mode].push(await round(redis.url, mode, messages, path.join(dir, `${mode}-${i}.log`)));
      }
    }
    const rate = (mode: Mode) => median(samples[mode].map((s) => s.rate));
    const cpu = (mode: Mode) => median(samples[mode].map((s) => s.cpuUs));
    console.log(`${messages} messages on Redis, concurrency 8, ${rounds} alternating rounds, medians:`);
    for (const mode of ['silent', 'async', 'sync'] as const) {
      console.log(
        `  ${mode.padEnd(7)} ${rate(mode).toFixed(0).padStart(6)} msgs/s (${pct(rate(mode), rate('async'))} of async)` +
          `  ${cpu(mode).toFixed(0).padStart(5)} µs CPU/msg (${pct(cpu(mode), cpu('async'))} of async)`,
      );
    }
    const costs = { async: [] as number[], sync: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      costs.async.push(await lineCost(false, path.join(dir, `line-async-${i}.log`), 20_000));
      costs.sync.push(await lineCost(true, path.join(dir, `line-sync-${i}.log`), 20_000));
    }
    console.log(
      `One per-message line alone, CPU µs (median of ${rounds} × 20,000 lines to a file):` +
        ` async ${median(costs.async).toFixed(1)}, sync ${median(costs.sync).toFixed(1)}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await redis.stop();
  }
}

main().catch(reportBenchFailure);
