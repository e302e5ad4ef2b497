import { pathToFileURL } from 'node:url';
import { withOptionalPeers } from '../packaging/optional-peers';

type AppModule = Record<string, unknown>;

const TS_FEATURE = 'Loading a TypeScript app (symphony.config.ts)';

const preloaded = new Map<string, AppModule>();

/** An app compiled into the CLI's bundle (scripts/cli-bundle-entry.ts): used as is for that file. */
export function preloadAppModule(file: string, module: AppModule): void {
  preloaded.set(file, module);
}

/**
 * Loads the app module as its own project would run it. TypeScript goes through tsx (an optional
 * peer, registered on first need), so the app's imports resolve as in its editor (extensionless,
 * tsconfig paths); an ES module (.mts, .mjs, top-level await) goes through import().
 */
export async function importAppModule(file: string): Promise<AppModule> {
  if (file.endsWith('.mjs')) return (await import(pathToFileURL(file).href)) as AppModule;
  if (file.endsWith('.mts')) return importTypeScriptEsm(file);
  try {
    return requireAppModule(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_REQUIRE_ESM' || code === 'ERR_REQUIRE_ASYNC_MODULE') return importTypeScriptEsm(file);
    throw error;
  }
}

/** The app module through require() (TypeScript through tsx), or the one compiled into the CLI's bundle. */
export function requireAppModule(file: string): AppModule {
  const compiledIn = preloaded.get(file);
  if (compiledIn) return compiledIn;
  if (/\.c?ts$/.test(file)) registerTypeScript();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
  return require(file) as AppModule;
}

/** Hooks require() for .ts unless something already does (`node --import tsx`, jest). */
function registerTypeScript(): void {
  if (require.extensions['.ts']) return;
  withOptionalPeers(TS_FEATURE, ['tsx'], () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional peer, on first need
    (require('tsx/cjs/api') as typeof import('tsx/cjs/api')).register();
  });
}

/** Hooks import() for TypeScript for the rest of the process (a namespaced tsImport would load the bus twice). */
async function importTypeScriptEsm(file: string): Promise<AppModule> {
  withOptionalPeers(TS_FEATURE, ['tsx'], () => undefined);
  (await import('tsx/esm/api')).register();
  return (await import(pathToFileURL(file).href)) as AppModule;
}
