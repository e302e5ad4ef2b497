import type { CliProcess } from '../../test/fixtures/cli-process';
import { withSession, type ScenarioOutcome } from '../lib/session';
import type { StoreKind } from '../lib/stores';
import { startWorker } from '../lib/workers';

const CONCURRENCY = 8;
/** The workers' --shutdown-timeout: each must be gone within it (plus the forced close and exit). */
const BUDGET_S = 3;
const MARGIN_MS = 4000;

/**
 * SIGTERM while the store is down (finding 3): a busy worker whose store vanished mid-drain, and
 * a worker started during the outage (it never connected), must both exit within their shutdown
 * budget. Once the store is back a fresh worker drains the rest; what the busy one held in flight
 * may run again (its completions could not be written).
 */
export async function sigtermDuringOutage(
  kind: StoreKind,
  { short }: { short: boolean },
): Promise<ScenarioOutcome> {
  return withSession(kind, { aof: 'everysec' }, async (session) => {
    const total = short ? 300 : 1500;
    await session.producer.dispatchBatch(total, 20);
    const [busy] = await session.startWorkers(1, { concurrency: CONCURRENCY, shutdownTimeoutS: BUDGET_S });
    await session.handled(total / 4);
    const startedAt = Date.now();
    await session.store.down('stop');
    const late = startWorker(session.store, session.ledger, {
      concurrency: CONCURRENCY,
      shutdownTimeoutS: BUDGET_S,
    });
    session.workers.push(late);
    // past start-up (signal handlers in place) and trying to connect, for a moment
    await late.waitForLog((line) => line.msg === 'worker starting', 120_000).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Workers wait for their store: one that gave up by itself before the SIGTERM is a defect.
    const gaveUp =
      late.child.exitCode !== null
        ? `worker started during the outage exited by itself (code ${late.child.exitCode}: ${late.stderr.trim().split('\n').at(-1)})`
        : undefined;
    const [busyExit, lateExit] = await Promise.all([busy!, late].map((worker) => exitTime(worker)));
    await session.store.up();
    const endedAt = Date.now();
    await session.startWorkers(1, { concurrency: CONCURRENCY });
    const outcome = await session.finish({ startedAt, endedAt }, CONCURRENCY);
    const problems = [...(outcome.problems ?? []), ...(gaveUp ? [gaveUp] : [])];
    for (const [who, ms] of [
      ['busy worker', busyExit],
      ['worker started during the outage', lateExit],
    ] as const) {
      if (ms === undefined || ms > BUDGET_S * 1000 + MARGIN_MS) {
        problems.push(
          `${who} still running ${ms === undefined ? 'after 60 s' : `after ${ms} ms`} (budget ${BUDGET_S} s)`,
        );
      }
    }
    const seconds = (ms: number | undefined) => (ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`);
    const note = `SIGTERM in the outage: busy worker out in ${seconds(busyExit)}, unconnected one in ${seconds(lateExit)} (budget ${BUDGET_S} s)`;
    return { ...outcome, note: [note, outcome.note].filter(Boolean).join('; '), problems };
  });
}

/** SIGTERM, then how long the process took to exit (undefined: not within 60 s, then killed). */
async function exitTime(worker: CliProcess): Promise<number | undefined> {
  const began = Date.now();
  worker.child.kill('SIGTERM');
  try {
    await worker.waitForExit(60_000);
    return Date.now() - began;
  } catch {
    await worker.kill();
    return undefined;
  }
}
