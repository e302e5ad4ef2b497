import type { BenchContext } from './bench-case';
import { allCases } from './cases';
import { describeEnvironment } from './environment';
import { latencyId, measureLatency, renderLatency, type LatencyResult, INTERVAL_MS } from './latency';
import { reportBenchFailure } from './bench-errors';
import { checkSelections, parseBenchOptions, selects, type BenchOptions } from './options';
import {
  openPeers,
  renderPeerCpu,
  renderPeerRuns,
  renderPeerThroughput,
  runPeerRow,
  type PeerResult,
} from './peers/run-peers';
import { PEER_ROW_IDS } from './peers/peer-rows';
import { benchRedis } from './redis';
import { redisCpuProbe } from './redis-cpu';
import { renderCpu, renderNoise, renderRuns, renderThroughput, renderVerdicts } from './report';
import { runCase } from './runner';
import { describeSqlStores, postgresStore, stopBenchDatabase } from './sql-stores';
import { redisStore } from './stores';
import type { CaseResult } from './summary';

/** `npm run bench`: raw BullMQ vs Symphony on Redis, then on PostgreSQL and PGlite, case by case, then the tables. */
async function main(): Promise<void> {
  const options = parseBenchOptions();
  checkSelections(options, [...allCases.map((c) => c.id), ...PEER_ROW_IDS, ...LATENCY_STORES.map(latencyId)]);
  const redis = await benchRedis();
  const cpu = redisCpuProbe(redis.url);
  try {
    const ctx = { redisUrl: redis.url, redisCpu: cpu.probe };
    const selected = allCases.filter((c) => selects(options, c.id));
    const peerIds = [...PEER_ROW_IDS];
    const latencyStores = LATENCY_STORES.filter((s) => selects(options, latencyId(s)));
    console.log(`Symphony vs raw BullMQ on ${redis.owned ? 'a throw-away redis-server' : 'REDIS_URL'}`);
    console.log(await describeEnvironment(redis.url));
    console.log(
      `${options.repeats ?? '11 (Redis) or 5 (SQL stores)'} alternating timed pairs per case after one warm-up per side (scale ${options.scale}); ` +
        'msgs/s = median run, symphony/raw = median of the per-pair ratios.\n' +
        "Symphony's logger level is 'silent' (at 'info' it writes one JSON line per message).\n" +
        "On Redis Symphony's workers record the per-minute metrics (counted, written once a second; raw BullMQ\n" +
        'records none, its default), and both keep the same retention (raw: per job; Symphony: by its workers).',
    );
    const onSql = peerIds.some((id) => selects(options, id)) || latencyStores.includes(postgresStore);
    if (onSql || selected.some((c) => (c.store ?? 'redis') !== 'redis')) {
      console.log(
        `${await describeSqlStores()}.\n` +
          "Worker metrics (BullMQ's per-minute counts, one more write per handled message): raw BullMQ off on\n" +
          'every store (its default), which on PostgreSQL matches Symphony (DSN option metrics, off by default);\n' +
          'Symphony records them on Redis (in batches) and on PGlite, whose DSN has no such option.',
      );
    }
    console.log('');
    const results: CaseResult[] = [];
    for (const bench of selected) {
      const started = performance.now();
      const result = await runCase(bench, ctx, options.repeats, options.scale);
      results.push(result);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`  ${bench.id} done in ${seconds} s`);
    }
    const peers = peerIds.some((id) => selects(options, id)) ? await runPeers(ctx, options) : [];
    const latency: LatencyResult[] = [];
    for (const store of latencyStores) {
      latency.push(await measureLatency(store, ctx));
      console.log(`  ${latencyId(store)} done`);
    }
    if (results.length > 0) {
      console.log('\n' + renderThroughput(results) + '\n');
      console.log('CPU per message, medians (where the time goes):\n' + renderCpu(results) + '\n');
      console.log('timed runs, msgs/s:\n' + renderRuns(results));
    }
    if (peers.length > 0) {
      console.log(
        `\nPostgreSQL peers, same database, ${PEER_ROUNDS} rotating rounds after a warm-up each, medians:\n`,
      );
      console.log(renderPeerThroughput(peers) + '\n');
      console.log('CPU per message, medians:\n' + renderPeerCpu(peers) + '\n');
      console.log('timed runs, msgs/s:\n' + renderPeerRuns(peers));
    }
    if (latency.length > 0) {
      console.log(
        `\nDispatch to handler start, one message every ${INTERVAL_MS} ms to a waiting consumer:\n`,
      );
      console.log(renderLatency(latency));
    }
    const noise = renderNoise(results);
    if (noise) console.log('\n' + noise);
    // Last, so the run ends with what it is judged by.
    const verdicts = renderVerdicts(results);
    if (verdicts) console.log('\n' + verdicts);
  } finally {
    await cpu.close();
    await redis.stop();
    await stopBenchDatabase();
  }
}

const LATENCY_STORES = [redisStore, postgresStore];

/** Rotations of the peer rows: three, as each has three or four contenders to alternate. */
const PEER_ROUNDS = 3;

async function runPeers(ctx: BenchContext, options: BenchOptions): Promise<PeerResult[]> {
  const peers = await openPeers(ctx);
  console.log(`  peers: ${peers.note}`);
  try {
    const results: PeerResult[] = [];
    for (const row of peers.rows.filter((r) => selects(options, r.id))) {
      const started = performance.now();
      results.push(await runPeerRow(row, PEER_ROUNDS));
      console.log(`  ${row.id} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    return results;
  } finally {
    await peers.close();
  }
}

main().catch(reportBenchFailure);
