import { allCases } from './cases';
import { benchRedis } from './redis';
import { redisCpuProbe } from './redis-cpu';
import { stopBenchDatabase } from './sql-stores';
import { BenchInputError, reportBenchFailure } from './bench-errors';

/**
 * Runs one side of one case a few times, for a CPU profile of that side alone:
 *   node --cpu-prof --cpu-prof-dir=var/prof --import tsx bench/profile.ts <case-id> <raw|symphony> [runs]
 */
async function main(): Promise<void> {
  const [id, side = 'symphony', runs = '5'] = process.argv.slice(2);
  const bench = allCases.find((c) => c.id === id);
  if (!bench) {
    throw new BenchInputError(`Unknown case "${id}"; known: ${allCases.map((c) => c.id).join(', ')}`);
  }
  if (side !== 'raw' && side !== 'symphony') throw new BenchInputError('side must be raw or symphony');
  const redis = await benchRedis();
  const cpu = redisCpuProbe(redis.url);
  try {
    for (let i = 0; i < Number(runs); i++) {
      const m = await bench[side]({ redisUrl: redis.url, redisCpu: cpu.probe }, bench.messages);
      console.log(
        `${id} ${side} run ${i + 1}: ${Math.round(m.rate)} msgs/s, ` +
          `node ${m.nodeCpuUs.toFixed(1)} µs/msg, redis ${m.redisCpuUs.toFixed(1)} µs/msg`,
      );
    }
  } finally {
    await cpu.close();
    await redis.stop();
    await stopBenchDatabase();
  }
}

main().catch(reportBenchFailure);
