import { columns } from '../src/cli/columns';
import type { ScenarioOutcome } from './lib/session';

export interface ChaosRow extends ScenarioOutcome {
  store: string;
  scenario: string;
  /** True when the scenario kills a process: duplicates up to the in-flight bound are expected. */
  crash: boolean;
  /** Wall time of the whole scenario (servers, workers, drain). */
  tookMs: number;
  /**
   * A loss or re-run the store setting itself allows (docs/reliability.md): shown as "risk" with
   * this reason instead of failing the run.
   */
  risk?: string;
}

export interface Verdict {
  label: 'ok' | 'risk' | 'FAIL';
  findings: string[];
}

/**
 * What the issue asks of every row: no loss, no duplicate without a crash, at most the in-flight
 * count after one. A row whose store setting allows a loss (`risk`) reports it without failing.
 */
export function verdict(row: ChaosRow): Verdict {
  const broken: string[] = [];
  if (row.lost > 0) broken.push(`${row.lost} acknowledged messages lost`);
  if (!row.crash && row.duplicated > 0) broken.push(`${row.duplicated} duplicates without a crash`);
  if (row.crash && row.duplicated > row.inFlightBound) {
    broken.push(`${row.duplicated} duplicates, more than the ${row.inFlightBound} in flight`);
  }
  const problems = row.problems ?? [];
  if (problems.length === 0 && broken.length > 0 && row.risk) {
    return { label: 'risk', findings: [...broken, row.risk] };
  }
  const findings = [...problems, ...broken];
  return { label: findings.length === 0 ? 'ok' : 'FAIL', findings };
}

const COLUMNS: [string, (row: ChaosRow) => string][] = [
  ['store', (r) => r.store],
  ['scenario', (r) => r.scenario],
  ['acknowledged', (r) => String(r.acknowledged)],
  ['handled', (r) => String(r.handled)],
  ['lost', (r) => String(r.lost)],
  ['duplicated', (r) => `${r.duplicated}${r.crash ? ` (≤${r.inFlightBound})` : ''}`],
  ['recover', (r) => (r.recoverMs === undefined ? '-' : `${(r.recoverMs / 1000).toFixed(1)} s`)],
  ['verdict', (r) => verdict(r).label],
  ['note', (r) => [r.note, ...verdict(r).findings].filter(Boolean).join('; ')],
];

/** One plain-text table (the CLI's column layout), a rule under the header. */
export function formatTable(rows: ChaosRow[]): string {
  const header = COLUMNS.map(([title]) => title);
  const body = rows.map((row) => COLUMNS.map(([, cell]) => cell(row)));
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((line) => line[i]!.length)));
  return columns([header, widths.map((w) => '-'.repeat(w)), ...body]);
}
