import type { SymphonyConfig } from '../../config/config';
import { ConfigError } from '../../errors';
import { MemoryFlagStore, type FlagStore } from '../../flags/flag-store';
import type { Transport } from '../transport';
import { createSchemaPool } from './create-postgres-transport';
import { ownRedisClient } from './own-redis-client';
import { RedisFlagStore } from './redis-flag-store';
import { SqlFlagStore } from './sql-flag-store';
import { SqlTransport } from './sql-transport';

export interface OpenedFlagStore {
  store: FlagStore;
  /** Releases what was opened for the flags alone (nothing when they share the bus's pool). */
  close(): Promise<void>;
}

/** memory:// and sync:// flags are per process: one store, so every bus of the process agrees. */
const processFlags = new MemoryFlagStore();

/**
 * The flag store on the bus's own store. A SQL transport lends its pool; otherwise the DSN gets a
 * connection of its own (a worker's legacy write-back opens flags before, and apart from, its bus).
 */
export function openFlagStore(dsn: string, config: SymphonyConfig, transport?: Transport): OpenedFlagStore {
  if (transport instanceof SqlTransport) return { store: transport.flags, close: async () => undefined };
  const scheme = dsn.slice(0, dsn.indexOf(':'));
  if (scheme.startsWith('redis')) {
    const { client, close } = ownRedisClient(dsn); // reads fall back to the cached mode meanwhile
    return { store: new RedisFlagStore(client, `${config.redisPrefix}:symphony:flags`), close };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const { pool, schema } = createSchemaPool(dsn);
    pool.options.max = 2;
    return { store: new SqlFlagStore(pool, schema.schema), close: () => pool.end() };
  }
  if (scheme === 'memory' || scheme === 'sync') return { store: processFlags, close: async () => undefined };
  throw new ConfigError(
    `Flags on "${scheme}://" are read through the bus that holds the store (one process at a time); run the bridge and workers in that process, or use Redis or PostgreSQL.`,
  );
}
