import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSymphony, type Symphony } from '../../src/bus/symphony';
import { defaultConfig } from '../../src/config/config';
import { createLogger } from '../../src/logger';
import { startCli, type CliProcess } from '../../test/fixtures/cli-process';
import { startPostgres, stopPostgres, type TestPostgres } from '../../test/helpers/postgres';
import app, { chaosBody } from './postgres-app';

/** What every chaos scenario reports (one row of `npm run chaos`'s table). */
export interface ScenarioResult {
  /** Dispatches the store acknowledged. */
  acknowledged: number;
  /** Handlings seen (a message handled twice counts twice). */
  handled: number;
  /** Acknowledged messages never handled. */
  lost: number;
  /** Handlings beyond the first of a message. */
  duplicated: number;
  /** From the end of the fault until messages were handled again (0 when nothing was cut). */
  recoverMs: number;
  /** Duplicates the guarantees allow: what was in flight at a crash, 0 without one. */
  inFlightBound: number;
  /** The rest of what the scenario measured, in words, for the table's last column. */
  note: string;
}

/** Warnings the workers logged about recording finished attempts (bullmq-worker.ts). */
export interface FinishWarnings {
  /** A completion or failure the store aborted (deadlock, restart) and that was tried again. */
  finishRetried: number;
  /** One given up on (or not confirmed): that message runs again once its lock expires. */
  finishLost: number;
}

export const APP_PATH = path.resolve(__dirname, 'postgres-app.ts');
export const QUEUE = 'email';

export interface StoreOptions {
  /** Completed messages kept: every completion enforces it (default 1000, as configured by default). */
  keepCompleted?: number;
  /** PostgreSQL settings (`-c name=value`). */
  settings?: Record<string, string>;
}

/** A throw-away PostgreSQL (fsync on, like production) whose server log is kept, and a bus on it. */
export interface ScenarioStore {
  server: TestPostgres;
  dsn: string;
  logFile: string;
  handledFile: string;
  bus: Symphony;
  close(): Promise<void>;
}

export async function openScenarioStore(name: string, options: StoreOptions = {}): Promise<ScenarioStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `symphony-chaos-${name}-`));
  const logFile = path.join(dir, 'postgres.log');
  const server = await startPostgres({ logFile, durable: true, settings: options.settings });
  const dsn = `${server.url}?schema=chaos`;
  const handledFile = path.join(dir, 'handled');
  fs.writeFileSync(handledFile, '');
  const config = defaultConfig({
    defaultDsn: dsn,
    logLevel: 'warn',
    autoMigrate: true,
    retention: { completedCount: options.keepCompleted ?? 1000, failedAgeSeconds: 86_400 },
  });
  const bus = createSymphony(app, config, { logger: createLogger('silent') });
  return {
    server,
    dsn,
    logFile,
    handledFile,
    bus,
    async close() {
      await bus.close();
      await stopPostgres(server);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Dispatches `count` email.send messages in batches; resolves to the ids the store acknowledged. */
export async function dispatchAll(bus: Symphony, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const items = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
      type: 'email.send',
      body: chaosBody(start + i),
    }));
    for (const result of await bus.dispatchBatch(items)) ids.push(result.id);
  }
  return ids;
}

/** `symphony worker` processes on the scenario's store, as operators start them. */
export function startWorkers(
  store: ScenarioStore,
  count: number,
  args: string[] = [],
  env: Record<string, string> = {},
): CliProcess[] {
  return Array.from({ length: count }, () =>
    startCli(['worker', ...args], {
      SYMPHONY_TRANSPORT_DSN: store.dsn,
      SYMPHONY_APP: APP_PATH,
      CHAOS_HANDLED_FILE: store.handledFile,
      LOG_LEVEL: 'warn',
      ...env,
    }),
  );
}

export async function stopWorkers(workers: CliProcess[]): Promise<void> {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.waitForExit(60_000).catch(() => w.kill())));
}

export const finishNote = (w: FinishWarnings): string =>
  `${w.finishRetried} completions retried, ${w.finishLost} lost (worker warnings)`;

export function finishWarnings(workers: CliProcess[]): FinishWarnings {
  const messages = workers.flatMap((w) => w.logs.filter((l) => l.level === 40).map((l) => String(l.msg)));
  return {
    finishRetried: messages.filter((m) => m.endsWith('retrying')).length,
    finishLost: messages.filter((m) => /lost|not confirmed/.test(m)).length,
  };
}

/** Busy loops that keep `n` cores loaded, as other work on a shared machine does. */
export function busyLoops(n: number): { stop(): void } {
  const loops: ChildProcess[] = Array.from({ length: n }, () =>
    spawn(process.execPath, ['-e', 'for(;;);'], { stdio: 'ignore' }),
  );
  return { stop: () => loops.forEach((loop) => loop.kill('SIGKILL')) };
}

export const handledLines = (store: ScenarioStore): string[] =>
  fs.readFileSync(store.handledFile, 'utf8').split('\n').filter(Boolean);

/** The handled file against the acknowledged ids. */
export function tally(
  store: ScenarioStore,
  acknowledged: string[],
): Pick<ScenarioResult, 'acknowledged' | 'handled' | 'lost' | 'duplicated'> {
  const lines = handledLines(store);
  const seen = new Set(lines);
  return {
    acknowledged: acknowledged.length,
    handled: lines.length,
    lost: acknowledged.filter((id) => !seen.has(id)).length,
    duplicated: lines.length - seen.size,
  };
}

/** Resolves once nothing of the queue is waiting, active or delayed (or throws at the deadline). */
export async function drained(bus: Symphony, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await bus.queues
      .transport(QUEUE)
      .counts(QUEUE)
      .catch(() => undefined);
    if (c && c.waiting + c.prioritized + c.active + c.delayed === 0) return;
    if (Date.now() > deadline)
      throw new Error(`queue not drained within ${timeoutMs} ms: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How many times the server logged `deadlock detected`. */
export function deadlocksLogged(store: ScenarioStore): number {
  return (fs.readFileSync(store.logFile, 'utf8').match(/deadlock detected/g) ?? []).length;
}
