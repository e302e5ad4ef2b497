/**
 * Builds the CLI bundle of a source checkout: the CLI and this repository's app in one file under
 * node_modules/.cache (never committed), with the list of the sources it was made from. A short
 * command then loads one file instead of some 600 modules through tsx (bench/cli-latency.ts).
 * `npm ci` builds it (the `prepare` script); bin/source-checkout.js rebuilds it in the background
 * when a source changed, and runs the TypeScript sources meanwhile. Never fails the install.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
export const BUNDLE_DIR = path.join(ROOT, 'node_modules', '.cache', 'symphony-messenger', 'cli');
/** What a change of installed packages touches: npm rewrites it on every install. */
const INSTALL_MARKERS = ['package.json', 'node_modules/.package-lock.json'];
/** Native or optional packages esbuild must leave to require() at run time. */
const NATIVE = ['pg-native', '@valkey/valkey-glide', 'msgpackr-extract'];

/** [path relative to the root, mtime, size]: a source the bundle was built from, as it was then. */
export type ManifestEntry = [string, number, number];

export async function buildCliBundle(): Promise<'built' | 'busy' | 'changed-meanwhile'> {
  fs.mkdirSync(BUNDLE_DIR, { recursive: true });
  const lock = path.join(BUNDLE_DIR, 'build.lock');
  if (!takeLock(lock)) return 'busy';
  try {
    const started = Date.now();
    // built aside at the same depth (the map's paths to the sources are relative), then moved in
    const aside = `${BUNDLE_DIR}-build-${process.pid}`;
    const partial = path.join(aside, 'cli.js');
    // a dev dependency: an install without it keeps running the CLI from the sources
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { build } = require('esbuild') as typeof import('esbuild');
    const { metafile } = await build({
      entryPoints: [path.join(ROOT, 'scripts', 'cli-bundle-entry.ts')],
      outfile: partial,
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      keepNames: true, // error classes and handlers keep their names
      // stack traces of the long-running commands point at the sources (Node's source maps)
      sourcemap: 'linked',
      sourcesContent: false,
      minifyWhitespace: true,
      minifySyntax: true,
      external: [...optionalPeers(), ...NATIVE],
      metafile: true,
      logLevel: 'error',
    });
    const sources = Object.keys(metafile.inputs).filter((input) => !input.includes('node_modules/'));
    const manifest = [...sources, ...INSTALL_MARKERS].map(entryOf).filter((e) => e !== undefined);
    if (manifest.some(([, mtime]) => mtime >= started)) {
      return 'changed-meanwhile'; // edited while bundling: the next command builds again
    }
    fs.renameSync(`${partial}.map`, path.join(BUNDLE_DIR, 'cli.js.map'));
    fs.renameSync(partial, path.join(BUNDLE_DIR, 'cli.js'));
    fs.rmSync(path.join(BUNDLE_DIR, 'cli.js.cache'), { force: true }); // V8's code of the old bundle
    fs.writeFileSync(path.join(BUNDLE_DIR, 'manifest.json'), JSON.stringify(manifest));
    return 'built';
  } finally {
    fs.rmSync(`${BUNDLE_DIR}-build-${process.pid}`, { recursive: true, force: true });
    fs.rmSync(lock, { force: true });
  }
}

/** The optional peers (express, PGlite, …) stay outside: loaded from node_modules when a command needs one. */
function optionalPeers(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };
  return Object.entries(pkg.peerDependenciesMeta ?? {})
    .filter(([, meta]) => meta.optional)
    .map(([name]) => name);
}

function entryOf(file: string): ManifestEntry | undefined {
  const stat = fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false });
  return stat && [file, stat.mtimeMs, stat.size];
}

/** One build at a time; a lock older than two minutes is from a build that died. */
function takeLock(lock: string): boolean {
  const stat = fs.statSync(lock, { throwIfNoEntry: false });
  if (stat && Date.now() - stat.mtimeMs < 120_000) return false;
  fs.rmSync(lock, { force: true });
  try {
    fs.closeSync(fs.openSync(lock, 'wx'));
    return true;
  } catch {
    return false; // another build took it first
  }
}

// production images run dist/ (the Dockerfile), never a checkout's bundle
if (require.main === module && process.env.NODE_ENV !== 'production') {
  buildCliBundle().then(
    (outcome) => process.stdout.write(`CLI bundle: ${outcome} (${BUNDLE_DIR})\n`),
    (error: Error) =>
      process.stderr.write(`warning: no CLI bundle (${error.message}); the CLI runs from sources\n`),
  );
}
