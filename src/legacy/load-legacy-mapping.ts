import { requireAppModule } from '../cli/import-app-module';
import { locateApp } from '../cli/locate-app';
import { ConfigError } from '../errors';
import { legacyMappingSchema, type LegacyMapping } from './legacy-mapping';

/**
 * The `legacy` export of the app module, found as the CLI finds the app (SYMPHONY_APP, else
 * ./symphony.config.*; this repo's re-exports queues/legacy.ts).
 */
export function loadLegacyMapping(modulePath?: string): LegacyMapping {
  const resolved = locateApp({ configured: modulePath });
  const loaded = requireAppModule(resolved) as { legacy?: unknown; default?: { legacy?: unknown } };
  const mapping = loaded.legacy ?? loaded.default?.legacy;
  if (mapping === undefined)
    throw new ConfigError(
      `"${resolved}" exports no legacy mapping: add \`export { legacy } from './legacy'\` (see queues/legacy.ts and docs/migration.md).`,
    );
  const parsed = legacyMappingSchema.safeParse(mapping);
  if (!parsed.success)
    throw new ConfigError(`Invalid legacy mapping in "${resolved}": ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
