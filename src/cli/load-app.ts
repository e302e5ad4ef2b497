import type { AppDefinition } from '../bus/app-definition';
import { checkAppDefinition } from '../bus/check-input';
import { ConfigError } from '../errors';
import { importAppModule } from './import-app-module';
import { locateApp, type AppLocation } from './locate-app';

/**
 * Finds (see locateApp) and loads the app module: its `default` export or an export named `app`,
 * made with defineApp(). A string is `--app`/SYMPHONY_APP as given; undefined means the convention.
 */
export async function loadApp(location: string | AppLocation = {}): Promise<AppDefinition> {
  const file = locateApp(typeof location === 'string' ? { configured: location } : location);
  let loaded: Record<string, unknown>;
  try {
    loaded = await importAppModule(file);
  } catch (cause) {
    if (cause instanceof ConfigError || (cause as { code?: string }).code === 'DEPENDENCY_MISSING')
      throw cause;
    throw new ConfigError(`Cannot load the app from "${file}": ${(cause as Error).message}`, { cause });
  }
  // `export default`, `export const app`, or CommonJS `module.exports = defineApp(…)`
  const candidate = (loaded.app ?? loaded.default ?? ('messages' in loaded ? loaded : undefined)) as
    { default?: unknown } | undefined;
  // CommonJS interop may nest the default export one level down
  const app = candidate && !('messages' in candidate) && candidate.default ? candidate.default : candidate;
  if (app === undefined) {
    throw new ConfigError(
      `"${file}" exports no app: add \`export default defineApp({ messages, routing, handlers })\`.`,
    );
  }
  return checkAppDefinition(app, file);
}
