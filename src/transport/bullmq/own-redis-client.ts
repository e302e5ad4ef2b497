import { createRedisClient, type RedisClient } from './redis-connection';

/**
 * A Redis connection of its own for a side store (flags, the cluster lease and alert states): its
 * errors are left to the reads that meet them (ioredis reconnects), and closing it never waits on
 * a server that is gone.
 */
export function ownRedisClient(dsn: string): { client: RedisClient; close(): Promise<void> } {
  const client = createRedisClient(dsn);
  client.on('error', () => undefined);
  return {
    client,
    close: async () => {
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}
