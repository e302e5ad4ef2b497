import { packageRoot } from '../packaging/package-root';

/** This package's version, read from its package.json (see packageRoot). */
export function packageVersion(from: string = __dirname): string {
  return packageRoot(from)?.version ?? 'unknown';
}
