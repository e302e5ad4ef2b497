import os from 'node:os';
import { Redis } from 'ioredis';

/** One line saying what the figures were measured on. */
export async function describeEnvironment(redisUrl: string): Promise<string> {
  const client = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const info = await client.info('server');
  await client.quit();
  const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bullmq = (require('bullmq/package.json') as { version: string }).version;
  return `node ${process.version}, bullmq ${bullmq}, redis ${redisVersion}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model.trim() ?? '?'})`;
}
