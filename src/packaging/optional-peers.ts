import { MissingDependencyError } from '../errors';

/**
 * What the HTTP API (serve, start, the serverless entry) needs besides the core: one list, so the
 * error names them all at once. Add a package here when the API (or what it mounts) starts using it.
 */
export const HTTP_API_PEERS = [
  'express',
  'helmet',
  'express-rate-limit',
  'prom-client',
  // the admin UI (dashboard/) mounted by the API
  '@bull-board/api',
  '@bull-board/express',
  'cookie-session',
  'htmx.org',
  'uplot',
] as const;

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
