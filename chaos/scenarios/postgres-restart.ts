import { restartPostgres } from '../../test/helpers/postgres';
import { chaosBody } from './postgres-app';
import {
  dispatchAll,
  drained,
  finishNote,
  finishWarnings,
  handledLines,
  openScenarioStore,
  startWorkers,
  stopWorkers,
  tally,
  type FinishWarnings,
  type ScenarioResult,
} from './postgres-harness';

/** The chaos app's queue concurrency (postgres-app.ts): what each worker can have in flight. */
const CONCURRENCY = 8;

export interface RestartScenarioOptions {
  messages?: number;
  workers?: number;
  /** Handling time of one message, so the restart lands mid-drain with messages in flight. */
  handleMs?: number;
}

export type RestartScenarioResult = ScenarioResult &
  FinishWarnings & {
    /** From the restart request until the server accepted connections again. */
    downMs: number;
    /** Codes of the dispatches refused while the server restarted (one dispatch every 20 ms). */
    dispatchErrors: Record<string, number>;
  };

/**
 * Finding 7 of issue 12: PostgreSQL restarted (fast shutdown, as `pg_ctl restart -m fast`) while
 * workers drain a queue and a producer keeps dispatching. `recoverMs` is from the server's return
 * until the next message handled.
 */
export async function postgresRestartScenario(
  options: RestartScenarioOptions = {},
): Promise<RestartScenarioResult> {
  const { messages = 2000, workers = 2, handleMs = 5 } = options;
  const store = await openScenarioStore('restart');
  const procs: ReturnType<typeof startWorkers> = [];
  try {
    const ids = await dispatchAll(store.bus, messages);
    procs.push(...startWorkers(store, workers, [], { CHAOS_HANDLE_MS: String(handleMs) }));
    await until(() => handledLines(store).length >= messages / 4);

    const producer = keepDispatching(store.bus, ids);
    const stopAt = Date.now();
    await restartPostgres(store.server);
    const backAt = Date.now();
    const handledBefore = handledLines(store).length;
    await until(() => handledLines(store).length > handledBefore, 5);
    const recoverMs = Date.now() - backAt;
    await new Promise((resolve) => setTimeout(resolve, 500)); // a few dispatches after the return
    const dispatchErrors = await producer.stop();

    await drained(store.bus, 600_000);
    await stopWorkers(procs);
    const warnings = finishWarnings(procs);
    const refused = Object.entries(dispatchErrors).map(([code, n]) => `${n} ${code}`);
    return {
      ...tally(store, ids),
      recoverMs,
      inFlightBound: workers * CONCURRENCY,
      note:
        `server down ${backAt - stopAt} ms; dispatches refused: ${refused.join(', ') || 'none'}; ` +
        finishNote(warnings),
      downMs: backAt - stopAt,
      dispatchErrors,
      ...warnings,
    };
  } finally {
    await stopWorkers(procs);
    await store.close();
  }
}

/** One dispatch every 20 ms; acknowledged ids join `ids`, refusals are counted by code. */
function keepDispatching(
  bus: Awaited<ReturnType<typeof openScenarioStore>>['bus'],
  ids: string[],
): { stop(): Promise<Record<string, number>> } {
  const errors: Record<string, number> = {};
  let running = true;
  const loop = (async () => {
    for (let n = 0; running; n++) {
      try {
        ids.push((await bus.dispatch('email.send', chaosBody(1_000_000 + n))).id);
      } catch (error) {
        const code = String((error as { code?: unknown }).code ?? (error as Error).message);
        errors[code] = (errors[code] ?? 0) + 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return errors;
    },
  };
}

async function until(condition: () => boolean, pollMs = 50): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('scenario: condition not met within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

if (require.main === module) {
  void postgresRestartScenario().then((result) => console.log(JSON.stringify(result)));
}
