import path from 'node:path';
import { DEFAULT_APP_MODULE } from '../cli/load-app';
import { ConfigError } from '../errors';
import { legacyMappingSchema, type LegacyMapping } from './legacy-mapping';

/** The `legacy` export of the app module (this repo: queues/index.ts re-exports queues/legacy.ts). */
export function loadLegacyMapping(modulePath: string = DEFAULT_APP_MODULE): LegacyMapping {
  const resolved = path.resolve(modulePath);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
  const loaded = require(resolved) as { legacy?: unknown; default?: { legacy?: unknown } };
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
