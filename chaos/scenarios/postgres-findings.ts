import type { ScenarioOutcome } from '../lib/session';
import type { FinishWarnings } from './postgres-harness';
import { postgresDeadlockScenario } from './postgres-deadlock';
import { postgresRestartScenario } from './postgres-restart';

/** Workers × concurrency of the PostgreSQL scenarios (their app's queue runs 8 at once). */
const IN_FLIGHT = 2 * 8;

const finishing = (w: FinishWarnings) =>
  `${w.finishRetried} completions retried, ${w.finishLost} given up (logged at warn)`;

/**
 * Findings 1 and 7 as table rows: the scenario functions of the PostgreSQL fixes
 * (postgres-deadlock.ts, postgres-restart.ts), with their own figures in the note.
 */
export async function postgresDeadlock(_: unknown, { short }: { short: boolean }): Promise<ScenarioOutcome> {
  // `fast` makes the stalled-check race behind the deadlocks happen every run, not once in a while
  const result = await postgresDeadlockScenario({ messages: short ? 600 : 3000, fast: true });
  return {
    ...result,
    recoverMs: undefined,
    inFlightBound: 0,
    note: `2 workers × 8, 2 busy cores; ${result.deadlocks} deadlocks logged by PostgreSQL; ${finishing(result)}`,
  };
}

export async function postgresRestart(_: unknown, { short }: { short: boolean }): Promise<ScenarioOutcome> {
  const result = await postgresRestartScenario({ messages: short ? 600 : 2000 });
  const refused = Object.entries(result.dispatchErrors)
    .map(([code, n]) => `${n} ${code}`)
    .join(', ');
  return {
    ...result,
    inFlightBound: IN_FLIGHT,
    note: `down ${(result.downMs / 1000).toFixed(1)} s; refused: ${refused || 'none'}; ${finishing(result)}`,
  };
}
