import type { ScenarioOutcome } from '../lib/session';
import { postgresDeadlockScenario } from './postgres-deadlock';
import { postgresRestartScenario } from './postgres-restart';

/**
 * Findings 1 and 7 as table rows: the scenario functions of the PostgreSQL fixes
 * (postgres-deadlock.ts, postgres-restart.ts) already report a row's figures and note.
 */
export async function postgresDeadlock(_: unknown, { short }: { short: boolean }): Promise<ScenarioOutcome> {
  // `fast` makes the stalled-check race behind the deadlocks happen every run, not once in a while
  const result = await postgresDeadlockScenario({ messages: short ? 600 : 3000, fast: true });
  return { ...result, recoverMs: undefined, note: `2 workers × 8, 2 busy cores; ${result.note}` };
}

export async function postgresRestart(_: unknown, { short }: { short: boolean }): Promise<ScenarioOutcome> {
  return postgresRestartScenario({ messages: short ? 600 : 2000 });
}
