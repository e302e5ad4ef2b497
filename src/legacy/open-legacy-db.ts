import { createPgLegacyDb, type PgLegacyDbOptions } from '../transport/bullmq/pg-legacy-db';
import { ConfigError } from '../errors';
import type { LegacyDb } from './legacy-db';

/** Opens the legacy app's database (PostgreSQL / Supabase: the direct or session-mode URL). */
export function createLegacyDb(dsn: string, options?: PgLegacyDbOptions): LegacyDb {
  if (!/^postgres(ql)?:\/\//.test(dsn))
    throw new ConfigError('The legacy database URL must be a postgres:// URL (LEGACY_DATABASE_URL).');
  return createPgLegacyDb(dsn, options);
}
