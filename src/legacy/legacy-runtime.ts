import { configFromEnv } from '../config/config';
import { legacyConfigFromEnv } from '../config/legacy-config';
import { ConfigError } from '../errors';
import { FlagClient } from '../flags/flag-client';
import type { FlagReader } from '../flags/flag-mode';
import type { LegacyDb } from './legacy-db';
import type { LegacyMapping } from './legacy-mapping';
import type * as OpenFlagStore from '../transport/bullmq/open-flag-store';
import type * as OpenLegacyDb from './open-legacy-db';

/** What the write-back and the bridge need in a worker process. */
export interface LegacyRuntime {
  mapping: LegacyMapping;
  db: LegacyDb;
  /**
   * Where the write-back holds its row locks, one connection per delivery in progress; default `db`.
   * A pool of its own in workers: a handler that reads the database while its delivery holds a
   * lock then never waits for a connection that only another lock holder could give back.
   */
  locks?: LegacyDb;
  flags: FlagReader;
  close(): Promise<void>;
}

let current: Promise<LegacyRuntime> | undefined;

/**
 * The process's runtime, made on first use from the environment (LEGACY_DATABASE_URL, the bus's
 * DSN for the flags): the app's wiring is static, so its middleware and handlers reach the legacy
 * database through this. Tests and embedding code set their own with `useLegacyRuntime`.
 */
export function legacyRuntime(mapping: LegacyMapping): Promise<LegacyRuntime> {
  current ??= fromEnvironment(mapping);
  current.catch(() => (current = undefined));
  return current;
}

export function useLegacyRuntime(runtime: LegacyRuntime | undefined): void {
  current = runtime && Promise.resolve(runtime);
}

export async function closeLegacyRuntime(): Promise<void> {
  const closing = current;
  current = undefined;
  await (await closing?.catch(() => undefined))?.close();
}

async function fromEnvironment(mapping: LegacyMapping): Promise<LegacyRuntime> {
  const { databaseUrl, poolSize } = legacyConfigFromEnv();
  if (!databaseUrl)
    throw new ConfigError(
      'LEGACY_DATABASE_URL is not set: the bridge, the write-back of messages from the legacy tables and the migrate commands reach those tables through it (see docs/migration.md).',
    );
  const config = configFromEnv();
  // the drivers (pg, ioredis) load here, not with the app's wiring: a short CLI call never needs them
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { openFlagStore } = require('../transport/bullmq/open-flag-store') as typeof OpenFlagStore;
  const { createLegacyDb } = require('./open-legacy-db') as typeof OpenLegacyDb;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const flags = openFlagStore(config.defaultDsn, config);
  const db = createLegacyDb(databaseUrl, { max: poolSize });
  // A delivery waiting for a lock connection holds nothing: it may wait longer than a query would.
  const locks = createLegacyDb(databaseUrl, { max: poolSize, connectTimeoutMs: 60_000 });
  return {
    mapping,
    db,
    locks,
    flags: new FlagClient(flags.store),
    async close() {
      await flags.close();
      await locks.close();
      await db.close();
    },
  };
}
