import type { SymphonyConfig } from '../config/config';
import { ConfigError } from '../errors';
import type { RetryStrategy } from '../retry/retry-strategy';
import { MemoryTransport } from './memory/memory-transport';
import { SyncTransport } from './sync/sync-transport';
import type { Processor, Transport } from './transport';

export interface TransportDeps {
  config: SymphonyConfig;
  /** The bus's handling pipeline, for transports that handle in process (sync). */
  processor: Processor;
  retryFor: (queue: string, type: string) => RetryStrategy;
}

/* eslint-disable @typescript-eslint/no-require-imports -- a store's driver loads with its first DSN */

/**
 * DSN scheme -> transport. One transport per distinct DSN; queues on the same DSN share it. Each
 * store's module (and driver: ioredis, pg, PGlite) is required on first use, so a process on Redis
 * never loads PostgreSQL's, and a short CLI call stays short.
 */
export function createTransport(dsn: string, deps: TransportDeps): Transport {
  const scheme = dsn.slice(0, dsn.indexOf(':'));
  switch (scheme) {
    case 'redis':
    case 'rediss':
    case 'redis+cluster':
    case 'rediss+cluster':
    case 'redis+sentinel':
    case 'rediss+sentinel':
      return (
        require('./bullmq/create-redis-transport') as typeof import('./bullmq/create-redis-transport')
      ).createRedisTransport(dsn, deps.config);
    case 'postgres':
    case 'postgresql':
      return (
        require('./bullmq/create-postgres-transport') as typeof import('./bullmq/create-postgres-transport')
      ).createPostgresTransport(dsn, deps.config);
    case 'pglite':
      return (
        require('./bullmq/create-pglite-transport') as typeof import('./bullmq/create-pglite-transport')
      ).createPgliteTransport(dsn, deps.config);
    case 'sync':
      return new SyncTransport(deps.processor, deps.retryFor);
    case 'memory':
      return new MemoryTransport();
    default: {
      const { redact } = require('./bullmq/redis-connection') as typeof import('./bullmq/redis-connection');
      throw new ConfigError(
        `Unsupported transport DSN "${redact(dsn)}": use redis://, rediss://, redis+cluster://, redis+sentinel://, postgres://, pglite://, sync:// or memory://.`,
      );
    }
  }
}
