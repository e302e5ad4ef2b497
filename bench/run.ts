import { allCases } from './cases';
import { describeEnvironment } from './environment';
import { parseBenchOptions } from './options';
import { benchRedis } from './redis';
import { redisCpuProbe } from './redis-cpu';
import { renderCpu, renderRuns, renderThroughput } from './report';
import { runCase } from './runner';
import { describeSqlStores, stopBenchDatabase } from './sql-stores';
import type { CaseResult } from './summary';

/** `npm run bench`: raw BullMQ vs Symphony on Redis, then on PostgreSQL and PGlite, case by case, then the tables. */
async function main(): Promise<void> {
  const options = parseBenchOptions();
  const redis = await benchRedis();
  const cpu = redisCpuProbe(redis.url);
  try {
    const ctx = { redisUrl: redis.url, redisCpu: cpu.probe };
    const selected = allCases.filter((c) => options.only.length === 0 || options.only.includes(c.id));
    console.log(`Symphony vs raw BullMQ on ${redis.owned ? 'a throw-away redis-server' : 'REDIS_URL'}`);
    console.log(await describeEnvironment(redis.url));
    console.log(
      `${options.repeats} alternating timed pairs per case after one warm-up per side (scale ${options.scale}); ` +
        'msgs/s = median run, symphony/raw = median of the per-pair ratios.\n' +
        "Symphony's logger level is 'silent' (at 'info' it writes one JSON line per message).",
    );
    if (selected.some((c) => (c.store ?? 'redis') !== 'redis')) {
      console.log(
        `${await describeSqlStores()}.\n` +
          "Worker metrics (BullMQ's per-minute counts, one more write per handled message): raw BullMQ off on\n" +
          'every store (its default), which on PostgreSQL matches Symphony (DSN option metrics, off by default);\n' +
          'Symphony records them on Redis and on PGlite, whose DSN has no such option.',
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
    console.log('\n' + renderThroughput(results) + '\n');
    console.log('CPU per message, medians (where the time goes):\n' + renderCpu(results) + '\n');
    console.log('timed runs, msgs/s:\n' + renderRuns(results));
  } finally {
    await cpu.close();
    await redis.stop();
    await stopBenchDatabase();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
