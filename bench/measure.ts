/** One timed run of one side. CPU figures are per message, in microseconds. */
export interface Measurement {
  rate: number;
  /** This Node process (user + system), Symphony or raw BullMQ plus ioredis. */
  nodeCpuUs: number;
  /** The store's server (user + system): redis-server from INFO cpu, PostgreSQL from /proc; includes anything else using it. */
  redisCpuUs: number;
}

/** Reads redis-server's cumulative CPU seconds. */
export type RedisCpuProbe = () => Promise<number>;

/**
 * Times `work` and charges CPU to it: wall clock gives msgs/s, CPU time splits the cost between
 * this process and Redis, which is steadier than wall time on a busy machine.
 */
export async function measure(
  messages: number,
  redisCpu: RedisCpuProbe,
  work: () => Promise<unknown>,
): Promise<Measurement> {
  const redisBefore = await redisCpu();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const redisAfter = await redisCpu();
  return {
    rate: messages / seconds,
    nodeCpuUs: (cpu.user + cpu.system) / messages,
    redisCpuUs: ((redisAfter - redisBefore) * 1e6) / messages,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A promise that resolves once `tick()` has been called `total` times (a drain's finish line). */
export function countdown(total: number): { tick: () => void; done: Promise<void> } {
  let left = total;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  if (total <= 0) finish();
  return { tick: () => void (--left === 0 && finish()), done };
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
