import { z } from 'zod';
import { ConfigError } from '../errors';

/** Settings of the migration from the legacy cron jobs (bridge, write-back, migrate commands). */
export interface LegacyConfig {
  /** The legacy app's database (Supabase: the direct or session-mode URL); unset = no legacy tables. */
  databaseUrl?: string;
  /**
   * Connections per process in each of two pools: the write-back's (one per message being sent,
   * so at least the worker's concurrency over the legacy queues) and the handlers' and bridge's.
   */
  poolSize: number;
}

const legacyEnvSchema = z.object({
  LEGACY_DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL'),
  LEGACY_DATABASE_POOL: z.coerce.number().int().min(1).max(1000).default(20),
});

export function legacyConfigFromEnv(source: Record<string, string | undefined> = process.env): LegacyConfig {
  const parsed = legacyEnvSchema.safeParse(source);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid environment: ${details}`);
  }
  return { databaseUrl: parsed.data.LEGACY_DATABASE_URL, poolSize: parsed.data.LEGACY_DATABASE_POOL };
}
