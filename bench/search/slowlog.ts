import type { Redis } from 'ioredis';

export interface Calls<T> {
  result: T;
  ms: number;
  /** The longest single command, as Redis timed it (SLOWLOG: execution only, no network). */
  longestUs: number;
  longestCommand: string;
  /** Most entries one range command (LRANGE, Z[REV]RANGEBYSCORE … LIMIT) read. */
  largestRead: number;
}

/** Runs `work` with every command logged by SLOWLOG (threshold 0), then restores the default. */
export async function withSlowlog<T>(admin: Redis, work: () => Promise<T>): Promise<Calls<T>> {
  await admin.config('SET', 'slowlog-max-len', '1000000');
  await admin.config('SET', 'slowlog-log-slower-than', '0');
  await admin.slowlog('RESET');
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  const entries = (await admin.slowlog('GET', '-1')) as [number, number, number, unknown[]][];
  await admin.config('SET', 'slowlog-log-slower-than', '10000');
  await admin.slowlog('RESET');
  let longest = { us: 0, command: '' };
  let largestRead = 0;
  for (const [, , us, raw] of entries) {
    const args = raw.map(String);
    const name = args[0]!.toLowerCase();
    if (name === 'slowlog' || name === 'config') continue;
    largestRead = Math.max(largestRead, rangeWidth(name, args));
    if (us > longest.us)
      longest = { us, command: name.startsWith('eval') ? 'EVALSHA (script)' : name.toUpperCase() };
  }
  return { result, ms, longestUs: longest.us, longestCommand: longest.command, largestRead };
}

const STATE_KEY = /:(wait|paused|active|prioritized|delayed|failed|completed)$/;

function rangeWidth(name: string, args: string[]): number {
  if (!STATE_KEY.test(args[1] ?? '')) return 0;
  if (name === 'lrange') return Number(args[3]) - Number(args[2]) + 1;
  if (name === 'zrangebyscore' || name === 'zrevrangebyscore') return Number(args[args.length - 1]);
  return 0;
}
