import {
  busyLoops,
  deadlocksLogged,
  dispatchAll,
  drained,
  finishNote,
  finishWarnings,
  openScenarioStore,
  startWorkers,
  stopWorkers,
  tally,
  type FinishWarnings,
  type ScenarioResult,
} from './postgres-harness';

export interface DeadlockScenarioOptions {
  messages?: number;
  workers?: number;
  concurrency?: number;
  /** Busy loops beside the workers (the deadlocks showed on a loaded machine). */
  busyLoops?: number;
  /**
   * The race needs a stalled check that runs while the completed messages it marked are the ones
   * past the retention count: by default about once a run on a loaded machine (check every 30 s,
   * 1,000 kept, ~33 messages/s); `fast` checks every 200 ms and keeps 1, so it happens every run.
   */
  fast?: boolean;
}

export type DeadlockScenarioResult = ScenarioResult & FinishWarnings & { deadlocks: number };

/**
 * Finding 1 of issue 12: workers at concurrency 8 drain `email.send` messages from one PostgreSQL
 * queue while busy loops keep the cores loaded. Reports the usual figures, the deadlocks the
 * server logged, and the completions the workers retried or lost.
 */
export async function postgresDeadlockScenario(
  options: DeadlockScenarioOptions = {},
): Promise<DeadlockScenarioResult> {
  const { messages = 3000, workers = 2, concurrency = 8, busyLoops: loops = 2, fast = false } = options;
  const store = await openScenarioStore('deadlock', { keepCompleted: fast ? 1 : 1000 });
  const load = busyLoops(loops);
  const env: Record<string, string> = fast ? { SYMPHONY_STALLED_INTERVAL_MS: '200' } : {};
  const procs: ReturnType<typeof startWorkers> = [];
  try {
    const ids = await dispatchAll(store.bus, messages);
    procs.push(...startWorkers(store, workers, ['--concurrency', String(concurrency)], env));
    await drained(store.bus, 600_000);
    await stopWorkers(procs);
    const warnings = finishWarnings(procs);
    const deadlocks = deadlocksLogged(store);
    return {
      ...tally(store, ids),
      recoverMs: 0,
      inFlightBound: 0, // no crash: no duplicate is allowed
      note: `${deadlocks} deadlocks logged by PostgreSQL; ${finishNote(warnings)}`,
      ...warnings,
      deadlocks,
    };
  } finally {
    load.stop();
    await stopWorkers(procs);
    await store.close();
  }
}

if (require.main === module) {
  const fast = process.argv.includes('--fast');
  void postgresDeadlockScenario({ fast }).then((result) => console.log(JSON.stringify(result)));
}
