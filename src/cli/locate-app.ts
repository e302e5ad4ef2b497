import fs from 'node:fs';
import path from 'node:path';
import { AppNotFoundError } from '../errors';

/** The app's wiring by convention, looked up in the project root (the working directory). */
export const APP_CONFIG_FILES = [
  'symphony.config.ts',
  'symphony.config.mts',
  'symphony.config.cts',
  'symphony.config.js',
  'symphony.config.mjs',
  'symphony.config.cjs',
] as const;

const EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

export interface AppLocation {
  /** `--app <path>`: wins over everything. */
  flag?: string;
  /** SYMPHONY_APP (kept for compatibility). */
  configured?: string;
  cwd?: string;
}

/**
 * The module that exports the app: `--app`, else SYMPHONY_APP, else a symphony.config.* in the
 * working directory. Nothing else: an installed package never falls back to a demo of its own.
 */
export function locateApp({ flag, configured, cwd = process.cwd() }: AppLocation): string {
  const given = flag ?? (configured || undefined); // an empty SYMPHONY_APP is unset
  if (given !== undefined) {
    const file = resolveModuleFile(path.resolve(cwd, given));
    if (!file) {
      const source = flag !== undefined ? '--app' : 'SYMPHONY_APP';
      throw new AppNotFoundError(
        `${source} ${given}: no such module (looked for ${path.resolve(cwd, given)}).`,
      );
    }
    return file;
  }
  const found = APP_CONFIG_FILES.map((name) => path.join(cwd, name)).find(isFile);
  if (found) return found;
  throw new AppNotFoundError(
    `No Symphony app in ${cwd}: create symphony.config.ts there (export default defineApp({ messages, routing, handlers })) or pass --app <path>.`,
  );
}

/** The file itself, or with an extension added, or the index file of a directory (like require). */
function resolveModuleFile(base: string): string | undefined {
  const candidates = [
    base,
    ...EXTENSIONS.map((ext) => base + ext),
    ...EXTENSIONS.map((ext) => path.join(base, `index${ext}`)),
  ];
  return candidates.find(isFile);
}

const isFile = (file: string): boolean => fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
