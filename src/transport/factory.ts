import type { SymphonyConfig } from '../config/config';
import { ConfigError } from '../errors';
import type { RetryStrategy } from '../retry/retry-strategy';
import { createPgliteTransport } from './bullmq/create-pglite-transport';
import { createPostgresTransport } from './bullmq/create-postgres-transport';
import { createRedisTransport } from './bullmq/create-redis-transport';
import { redact } from './bullmq/redis-connection';
import { MemoryTransport } from './memory/memory-transport';
import { SyncTransport } from './sync/sync-transport';
import type { Processor, Transport } from './transport';

export interface TransportDeps {
  config: SymphonyConfig;
  /** The bus's handling pipeline, for transports that handle in process (sync). */
  processor: Processor;
  retryFor: (queue: string, type: string) => RetryStrategy;
}

/** DSN scheme -> transport. One transport per distinct DSN; queues on the same DSN share it. */
export function createTransport(dsn: string, deps: TransportDeps): Transport {
  const scheme = dsn.slice(0, dsn.indexOf(':'));
  switch (scheme) {
    case 'redis':
    case 'rediss':
    case 'redis+cluster':
    case 'rediss+cluster':
    case 'redis+sentinel':
    case 'rediss+sentinel':
      return createRedisTransport(dsn, deps.config);
    case 'postgres':
    case 'postgresql':
      return createPostgresTransport(dsn, deps.config);
    case 'pglite':
      return createPgliteTransport(dsn, deps.config);
    case 'sync':
      return new SyncTransport(deps.processor, deps.retryFor);
    case 'memory':
      return new MemoryTransport();
    default:
      throw new ConfigError(
        `Unsupported transport DSN "${redact(dsn)}": use redis://, rediss://, redis+cluster://, redis+sentinel://, postgres://, pglite://, sync:// or memory://.`,
      );
  }
}
