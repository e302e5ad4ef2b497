import { MissingDependencyError } from '../errors';

/**
 * Loads a part of Symphony that needs optional peer dependencies. A producer installs none of them
 * (see "Packaging" in docs/nextjs.md), so such a part is required only here, where it is first
 * used, and a missing peer is one clear line naming what to install instead of a stack trace.
 */
export function withOptionalPeers<T>(feature: string, peers: readonly string[], load: () => T): T {
  const missing = peers.filter((peer) => !resolvable(peer));
  if (missing.length > 0) throw new MissingDependencyError(missing, feature);
  return load();
}

function resolvable(peer: string): boolean {
  try {
    require.resolve(peer);
    return true;
  } catch (error) {
    // an ESM-only package is installed though require cannot resolve it
    return (error as { code?: string }).code !== 'MODULE_NOT_FOUND';
  }
}
