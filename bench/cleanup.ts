import { RawSide } from './raw-side';

/** Drops a Symphony run's keys through a raw handle on the same prefix and queue name. */
export async function dropQueue(redisUrl: string, prefix: string, queue: string): Promise<void> {
  await new RawSide(redisUrl, prefix, queue).close();
}
