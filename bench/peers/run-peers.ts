import type { BenchContext } from '../bench-case';
import { median, type Measurement } from '../measure';
import {
  benchDatabaseUrl,
  benchSchemaName,
  postgresCpu,
  postgresStore,
  postgresStoreIn,
} from '../sql-stores';
import { markdownTable } from '../table';
import { applyBullmqPatch, installedBullmq, PATCHED_BULLMQ } from './bullmq-patch';
import { openGraphile } from './graphile-sides';
import { openPgBoss } from './pg-boss-sides';
import { CONTENDERS, peerRows, type Contender, type PeerRow, type PeerWorld } from './peer-rows';

export interface PeerResult {
  row: PeerRow;
  runs: Partial<Record<Contender, Measurement[]>>;
  /** Per round: Symphony's rate over graphile-worker's (stock and patched BullMQ). */
  ratios: { symphony: number[]; patched: number[] };
}

/** graphile-worker and pg-boss in schemas of their own beside Symphony's, on the bench database. */
export async function openPeers(
  ctx: BenchContext,
): Promise<{ rows: PeerRow[]; close: () => Promise<void>; note: string }> {
  const url = await benchDatabaseUrl();
  const graphile = await openGraphile(url, benchSchemaName('graphile'));
  const pgBoss = await openPgBoss(url, benchSchemaName('pgboss'));
  const patchable = installedBullmq === PATCHED_BULLMQ;
  const world: PeerWorld = {
    ctx,
    cpu: await postgresCpu(),
    stock: postgresStore,
    ...(patchable ? { patched: postgresStoreIn(benchSchemaName('patched'), applyBullmqPatch) } : {}),
    graphile,
    pgBoss,
  };
  const note = patchable
    ? `"patched": BullMQ ${PATCHED_BULLMQ} with bench/peers/bullmq-pg-patch.sql in its schema (event stream off, one finalization lock)`
    : `no "patched" column: bench/peers/bullmq-pg-patch.sql is for BullMQ ${PATCHED_BULLMQ}, ${installedBullmq} is installed`;
  return {
    rows: peerRows(world),
    note,
    close: async () => {
      await graphile.close();
      await pgBoss.close();
    },
  };
}

/** One warm-up per contender, then `rounds` rounds, the order rotating so no one always goes first. */
export async function runPeerRow(row: PeerRow, rounds: number): Promise<PeerResult> {
  const names = CONTENDERS.filter((c) => row.sides[c]);
  for (const name of names) await row.sides[name]!.run(row.sides[name]!.warmup);
  const runs: Partial<Record<Contender, Measurement[]>> = {};
  const ratios = { symphony: [] as number[], patched: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const got: Partial<Record<Contender, Measurement>> = {};
    for (const name of names.map((_, i) => names[(i + round) % names.length]!)) {
      const side = row.sides[name]!;
      got[name] = await side.run(side.messages);
      (runs[name] ??= []).push(got[name]!);
    }
    for (const who of ['symphony', 'patched'] as const) {
      if (got[who] && got.graphile) ratios[who].push(got[who].rate / got.graphile.rate);
    }
  }
  return { row, runs, ratios };
}

const LABELS: Record<Contender, string> = {
  symphony: 'Symphony',
  patched: 'Symphony, BullMQ patched',
  graphile: 'graphile-worker 0.17.3',
  pgBoss: 'pg-boss 10.4.2',
};
const int = (n: number | undefined) => (n === undefined ? '-' : Math.round(n).toLocaleString('en-US'));
const ratio = (xs: number[]) => (xs.length ? median(xs).toFixed(2) : '-');
const of = (r: PeerResult, who: Contender, key: keyof Measurement) =>
  r.runs[who] && median(r.runs[who].map((m) => m[key]));

/** msgs/s per contender, Symphony over graphile-worker, and the target where there is one. */
export function renderPeerThroughput(results: readonly PeerResult[]): string {
  const rows = results.map((r) => {
    const stock = r.ratios.symphony.length ? median(r.ratios.symphony) : undefined;
    const target =
      r.row.target === undefined || stock === undefined
        ? ''
        : `>= ${r.row.target.toFixed(2)} ${stock >= r.row.target ? 'ok' : 'missed'}`;
    return [
      r.row.title,
      ...CONTENDERS.map((c) => int(of(r, c, 'rate'))),
      ratio(r.ratios.symphony),
      ratio(r.ratios.patched),
      target,
    ];
  });
  return markdownTable(
    [
      'work, msgs/s',
      ...CONTENDERS.map((c) => LABELS[c]),
      'Symphony / graphile',
      'patched / graphile',
      'target',
    ],
    rows,
    new Set([1, 2, 3, 4, 5, 6]),
  );
}

/** CPU per message of this process and of the PostgreSQL server, per contender. */
export function renderPeerCpu(results: readonly PeerResult[]): string {
  const us = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(0));
  const rows = results.map((r) => [
    r.row.id,
    ...CONTENDERS.map((c) => us(of(r, c, 'nodeCpuUs'))),
    ...CONTENDERS.map((c) => us(of(r, c, 'redisCpuUs'))),
  ]);
  const short: Record<Contender, string> = {
    symphony: 'Symphony',
    patched: 'patched',
    graphile: 'graphile',
    pgBoss: 'pg-boss',
  };
  return markdownTable(
    [
      'case',
      ...CONTENDERS.map((c) => `node µs ${short[c]}`),
      ...CONTENDERS.map((c) => `server µs ${short[c]}`),
    ],
    rows,
    new Set([1, 2, 3, 4, 5, 6, 7, 8]),
  );
}

/** Every timed run, so the spread behind a median is visible. */
export function renderPeerRuns(results: readonly PeerResult[]): string {
  return results
    .map(
      (r) =>
        `  ${r.row.id}: ` +
        CONTENDERS.filter((c) => r.runs[c])
          .map((c) => `${c} [${r.runs[c]!.map((m) => int(m.rate)).join(', ')}]`)
          .join('  '),
    )
    .join('\n');
}
