import { Redis } from 'ioredis';
import type { RedisCpuProbe } from './measure';

/** A side connection that reads redis-server's CPU counters (INFO cpu) around each timed run. */
export function redisCpuProbe(url: string): { probe: RedisCpuProbe; close: () => Promise<void> } {
  const client = new Redis(url, { maxRetriesPerRequest: null });
  return {
    probe: async () => {
      const info = await client.info('cpu');
      const read = (field: string) => Number(new RegExp(`${field}:([\\d.]+)`).exec(info)?.[1] ?? 0);
      return read('used_cpu_user') + read('used_cpu_sys');
    },
    close: async () => void (await client.quit()),
  };
}
