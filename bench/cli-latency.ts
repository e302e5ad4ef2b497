/**
 * How long a short CLI command takes, start to exit: `stats --json` on Redis, the README's
 * command, run each way the CLI can start, 10 times each (medians; wall and CPU of the child).
 *
 *   node --import tsx bench/cli-latency.ts [--runs 10]
 *
 * REDIS_URL is used when set, otherwise a throw-away redis-server. The CLI bundle is built first
 * when it is not up to date (as `npm ci` does), so the bundle rows measure the bundle.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { buildCliBundle } from '../scripts/build-cli-bundle';
import { benchRedis } from './redis';
import { describeEnvironment } from './environment';

const ROOT = path.resolve(__dirname, '..');

interface Way {
  name: string;
  command: string[];
  env?: Record<string, string>;
}

const STATS = ['stats', '--json'];
const WAYS: Way[] = [
  { name: 'node -e 0 (the floor: Node itself)', command: ['node', '-e', '0'] },
  { name: 'npm run symphony -- stats --json (README)', command: ['npm', 'run', 'symphony', '--', ...STATS] },
  { name: 'node bin/symphony.js stats --json (bundle)', command: ['node', 'bin/symphony.js', ...STATS] },
  {
    name: 'node bin/symphony.js, bundle off (tsx, .ts only)',
    command: ['node', 'bin/symphony.js', ...STATS],
    env: { SYMPHONY_CLI_BUNDLE: 'off' },
  },
  {
    name: 'node --require tsx/cjs src/cli/main.ts (before)',
    command: ['node', '--require', 'tsx/cjs', 'src/cli/main.ts', ...STATS],
  },
];

interface Sample {
  wallMs: number;
  cpuMs: number;
}

function runOnce(way: Way, env: NodeJS.ProcessEnv): Sample {
  // `time`'s own figures would need GNU time; the shell's `times` reports the child's CPU
  const script = `start=$(date +%s%N); "$@" >/dev/null || exit 1; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); times`;
  const run = spawnSync('bash', ['-c', script, 'bench', ...way.command], {
    cwd: ROOT,
    env: { ...env, ...way.env },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`${way.command.join(' ')} failed: ${run.stderr}`);
  const [wall, , children] = run.stdout.trim().split('\n');
  const cpu = [...children!.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (sum, [, m, s]) => sum + Number(m) * 60_000 + Number(s) * 1000,
    0,
  );
  return { wallMs: Number(wall), cpuMs: cpu };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  const runsAt = process.argv.indexOf('--runs');
  const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 10;
  const redis = await benchRedis();
  try {
    const outcome = await buildCliBundle();
    const env = { ...process.env, SYMPHONY_TRANSPORT_DSN: redis.url, LOG_LEVEL: 'warn' };
    console.log(`# CLI latency: ${runs} runs each, medians (${await describeEnvironment(redis.url)})`);
    console.log(
      `# bundle: ${outcome}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const walls = new Map<Way, number>();
    for (const way of WAYS) {
      runOnce(way, env); // warms the disk cache, tsx's cache and V8's code cache of the bundle
      const samples = Array.from({ length: runs }, () => runOnce(way, env));
      const wall = median(samples.map((s) => s.wallMs));
      const cpu = median(samples.map((s) => s.cpuMs));
      walls.set(way, wall);
      console.log(
        `${way.name.padEnd(52)} wall ${String(wall).padStart(5)} ms   cpu ${String(cpu).padStart(5)} ms`,
      );
    }
    const [, readme, bundle, , before] = WAYS.map((way) => walls.get(way)!);
    console.log(
      `# before / bundle: ${(before! / bundle!).toFixed(1)}x; npm run adds ${readme! - bundle!} ms to the bundle`,
    );
  } finally {
    await redis.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
