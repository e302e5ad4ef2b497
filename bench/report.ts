import type { CaseResult } from './summary';
import { markdownTable } from './table';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
/** CPU µs per message; "-" where it was not measured (the store's server: none for PGlite, in this process). */
const us = (n: number | undefined): string => (n === undefined ? '-' : n.toFixed(1));

/** The main table: median msgs/s per side, the ratio and the target with its verdict. */
export function renderThroughput(results: readonly CaseResult[]): string {
  const rows = results.map((r) => {
    const target =
      r.target === undefined ? '' : `>= ${r.target.toFixed(2)} ${r.ratio >= r.target ? 'ok' : 'missed'}`;
    return [r.title, int(r.rawRate), int(r.symphonyRate), r.ratio.toFixed(2), target];
  });
  return markdownTable(
    ['case', 'raw msgs/s', 'symphony msgs/s', 'symphony/raw', 'target'],
    rows,
    new Set([1, 2, 3]),
  );
}

/**
 * One line per case that has a target (met or MISSED, with the ratio), then the overall verdict:
 * what a run of `npm run bench` is judged by. Met: the median of the per-pair ratios reaches it.
 */
export function renderVerdicts(results: readonly CaseResult[]): string {
  const judged = results.filter((r) => r.target !== undefined);
  if (judged.length === 0) return '';
  const width = Math.max(...judged.map((r) => r.title.length));
  const lines = judged.map(
    (r) =>
      `  ${r.ratio >= r.target! ? 'met   ' : 'MISSED'}  ${r.title.padEnd(width)}  ` +
      `symphony/raw ${r.ratio.toFixed(2)}, target >= ${r.target!.toFixed(2)} ` +
      `(middle half of ${r.raw.length} pairs: ${r.ratioQuartiles.map((q) => q.toFixed(2)).join(' to ')})`,
  );
  const missed = judged.filter((r) => r.ratio < r.target!).length;
  const verdict =
    missed === 0 ? `all ${judged.length} targets met` : `${missed} of ${judged.length} targets MISSED`;
  return ['Targets (Redis):', ...lines, verdict].join('\n');
}

/**
 * The control rows (raw BullMQ against itself, cases/control.ts): the ratio and spread two identical
 * sides get on this machine in this run, printed above the verdicts they qualify.
 */
export function renderNoise(results: readonly CaseResult[]): string {
  const controls = results.filter((r) => r.control);
  if (controls.length === 0) return '';
  const titles = controls.map((r) => r.title.replace(/^control: raw against raw, /, ''));
  const width = Math.max(...titles.map((t) => t.length));
  const lines = controls.map(
    (r, i) =>
      `  ${titles[i]!.padEnd(width)}  raw/raw ${r.ratio.toFixed(2)} ` +
      `(middle half of ${r.raw.length} pairs: ${r.ratioQuartiles.map((q) => q.toFixed(2)).join(' to ')})`,
  );
  return [
    'Noise (raw BullMQ against itself, by the same method; a ratio this far from 1.00 is the machine, not a side):',
    ...lines,
  ].join('\n');
}

/** Where the time goes: CPU per message in this process and in the store's server (redis-server or PostgreSQL), per side. */
export function renderCpu(results: readonly CaseResult[]): string {
  const rows = results.map((r) => [
    r.title,
    us(r.rawNodeCpu),
    us(r.symphonyNodeCpu),
    us(r.rawRedisCpu),
    us(r.symphonyRedisCpu),
  ]);
  return markdownTable(
    ['case', 'node µs/msg raw', 'node µs/msg symphony', 'server µs/msg raw', 'server µs/msg symphony'],
    rows,
    new Set([1, 2, 3, 4]),
  );
}

/** Every timed run, so the spread behind a median is visible. */
export function renderRuns(results: readonly CaseResult[]): string {
  return results
    .map(
      (r) =>
        `  ${r.id}: raw [${r.raw.map((m) => int(m.rate)).join(', ')}]  ` +
        `symphony [${r.symphony.map((m) => int(m.rate)).join(', ')}]`,
    )
    .join('\n');
}
