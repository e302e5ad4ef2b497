import path from 'node:path';
import type { AppDefinition } from '../bus/app-definition';
import { ConfigError } from '../errors';

/** The repo's own wiring; installed users point SYMPHONY_APP at theirs. */
export const DEFAULT_APP_MODULE = path.resolve(__dirname, '../../queues/index');

/** Loads the app wiring module (default export or `app` export). */
export async function loadApp(modulePath: string = DEFAULT_APP_MODULE): Promise<AppDefinition> {
  const resolved = path.resolve(modulePath);
  let loaded: { default?: unknown; app?: unknown };
  try {
    // require, not import(): Node's ESM loader does not add the extension (.js built, .ts under tsx)
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
    loaded = require(resolved) as { default?: unknown; app?: unknown };
  } catch (cause) {
    throw new ConfigError(`Cannot load the app wiring from "${resolved}": ${(cause as Error).message}`, {
      cause,
    });
  }
  const candidate = (loaded.app ?? loaded.default) as { default?: unknown } | undefined;
  // CommonJS interop may nest the default export one level down
  const app = (candidate && 'messages' in candidate ? candidate : candidate?.default) as
    AppDefinition | undefined;
  if (!app || !Array.isArray(app.messages) || typeof app.routing !== 'object') {
    throw new ConfigError(
      `"${resolved}" must export an app made with defineApp({ messages, routing, queues, handlers }).`,
    );
  }
  return app;
}
