import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliProcess } from '../../test/fixtures/cli-process';
import { until } from '../../test/helpers/redis-process';
import { CHAOS_QUEUE } from '../app';
import { inFlightAt, readLedger, recoveryMs, tally, type LedgerEntry } from './ledger';
import { Producer } from './producer';
import { openStore, type ChaosStore, type StoreKind, type StoreOptions } from './stores';
import { startWorker, started, stopWorkers, type WorkerOptions } from './workers';

/** One row of the table: what every scenario reports. */
export interface ScenarioResult {
  /** Dispatches the store acknowledged. */
  acknowledged: number;
  /** Handlings seen (a message handled twice counts twice). */
  handled: number;
  /** Acknowledged messages never handled. */
  lost: number;
  /** Handlings beyond the first of a message. */
  duplicated: number;
  /** Time from the fault's end until work resumed and what was in flight was handled. */
  recoverMs?: number;
}

export interface ScenarioOutcome extends ScenarioResult {
  /** Duplicates allowed: the messages in flight at a crash (0 when nothing crashed). */
  inFlightBound: number;
  /** What else the scenario measured, for the table's last column. */
  note?: string;
  /** Handled messages whose dispatch was refused or timed out (stored anyway). */
  unacknowledgedHandled?: number;
  /** Broken expectations beyond lost/duplicated (a worker that did not exit, …). */
  problems?: string[];
}

export interface FaultWindow {
  /** When the fault hit (in-flight messages are counted at this moment). */
  startedAt: number;
  /** When the harness undid it (store back) or the system was left to heal (worker killed, failover). */
  endedAt: number;
}

/** A store, a ledger, a producer and worker processes for one scenario; `finish` counts. */
export class ChaosSession {
  readonly workers: CliProcess[] = [];
  readonly producer: Producer;
  private readonly dir: string;
  readonly ledger: string;

  private constructor(readonly store: ChaosStore) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-chaos-'));
    this.ledger = path.join(this.dir, 'ledger');
    fs.writeFileSync(this.ledger, '');
    this.producer = new Producer(store);
  }

  static async open(kind: StoreKind, options: StoreOptions = {}): Promise<ChaosSession> {
    return new ChaosSession(await openStore(kind, options));
  }

  /** Starts worker processes and waits until each consumes. */
  async startWorkers(count: number, options: WorkerOptions): Promise<CliProcess[]> {
    const fresh = Array.from({ length: count }, () => startWorker(this.store, this.ledger, options));
    this.workers.push(...fresh);
    await Promise.all(fresh.map(started));
    return fresh;
  }

  entries(): LedgerEntry[] {
    return readLedger(this.ledger);
  }

  handledCount(): number {
    return this.entries().filter((e) => e.kind === 'H').length;
  }

  /** Polls until `count` handlings are in the ledger (mid-drain is where faults hit). */
  async handled(count: number, timeoutMs = 120_000): Promise<void> {
    await until(`${count} handled`, async () => this.handledCount() >= count, timeoutMs);
  }

  /** Waits until the system recovered from `fault` (see recoveryMs), so the producer's run covers it. */
  async recovered(fault: FaultWindow, inFlightBound: number, timeoutMs = 120_000): Promise<void> {
    await until(
      'recovered from the fault',
      async () => recoveryMs(this.entries(), fault.startedAt, fault.endedAt, inFlightBound) !== undefined,
      timeoutMs,
    ).catch(() => undefined); // reported as no recovery time in the table
  }

  /** Messages a process had started and not finished at `at` (what a kill then catches in flight). */
  inFlightOf(pid: number, at: number): number {
    return inFlightAt(
      this.entries().filter((e) => e.pid === pid),
      at,
    ).size;
  }

  /**
   * Duplicated messages whose first handling ended before `at`: finished and acknowledged before
   * the fault, yet run again (a completion the store lost, such as one not yet replicated).
   */
  rerunAfterDone(at: number): number {
    const first = new Map<string, number>();
    const count = new Map<string, number>();
    for (const e of this.entries()) {
      if (e.kind !== 'H') continue;
      if (!first.has(e.id)) first.set(e.id, e.at);
      count.set(e.id, (count.get(e.id) ?? 0) + 1);
    }
    return [...count].filter(([id, n]) => n > 1 && first.get(id)! < at).length;
  }

  /**
   * Waits until every acknowledged message was handled and nothing is left in the queue (so no
   * late re-run can still come), stops the workers and counts. Lost messages show as lost once the
   * deadline passes, not as an error.
   */
  async finish(
    fault: FaultWindow | undefined,
    inFlightBound: number,
    deadlineMs = 180_000,
  ): Promise<ScenarioOutcome> {
    const acked = this.producer.acknowledged;
    const problems: string[] = [];
    await until(
      'every acknowledged message handled and the queue empty',
      async () => {
        const seen = new Set(
          this.entries()
            .filter((e) => e.kind === 'H')
            .map((e) => e.id),
        );
        if (!acked.every((id) => seen.has(id))) return false;
        const c = await this.producer.bus.queues.transport(CHAOS_QUEUE).counts(CHAOS_QUEUE);
        return c.waiting + c.prioritized + c.active + c.delayed === 0;
      },
      deadlineMs,
    ).catch((error: Error) => problems.push(error.message));
    await stopWorkers(this.workers);
    const entries = this.entries();
    const counts = tally(entries, acked);
    const notes = [];
    const { rejected, slowestRefusalMs } = this.producer;
    if (rejected > 0)
      notes.push(`${rejected} dispatches refused (each within ${(slowestRefusalMs / 1000).toFixed(1)} s)`);
    if (counts.unacknowledgedHandled > 0)
      notes.push(`${counts.unacknowledgedHandled} handled without an acknowledgement`);
    return {
      ...counts,
      ...(fault ? { recoverMs: recoveryMs(entries, fault.startedAt, fault.endedAt, inFlightBound) } : {}),
      inFlightBound,
      ...(notes.length ? { note: notes.join('; ') } : {}),
      problems,
    };
  }

  async close(): Promise<void> {
    await stopWorkers(this.workers);
    await this.producer.close().catch(() => undefined);
    await this.store.close();
    // CHAOS_KEEP=<dir> keeps each ledger for a closer look (one file per session)
    if (process.env.CHAOS_KEEP)
      fs.copyFileSync(
        this.ledger,
        path.join(process.env.CHAOS_KEEP, `${this.store.kind}-${Date.now()}.ledger`),
      );
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs a scenario body in a session and always closes it. */
export async function withSession<T>(
  kind: StoreKind,
  options: StoreOptions,
  body: (session: ChaosSession) => Promise<T>,
): Promise<T> {
  const session = await ChaosSession.open(kind, options);
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}
