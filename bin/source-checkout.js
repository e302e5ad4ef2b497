'use strict';
// The CLI of a source checkout (bin/symphony.js; an installed package runs dist/ instead). A command
// with this repository's app runs the CLI bundle when it is up to date with the sources
// (scripts/build-cli-bundle.ts): one file, several times faster to load than compiling the
// TypeScript; a short command with V8's cached code of it, a long-running one (start, worker) with
// source maps for its stack traces. Another app, or a bundle older than a source, runs the sources
// through tsx, and a stale bundle is rebuilt in the background for the next command.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { spawn } = require('node:child_process');
const { createRequire, wrap } = require('node:module');

const ROOT = path.join(__dirname, '..');
const BUNDLE_DIR = path.join(ROOT, 'node_modules', '.cache', 'symphony-messenger', 'cli');
const BUNDLE = path.join(BUNDLE_DIR, 'cli.js');
/** Long-running commands: their stack traces (logs, the failed store) must point at the sources. */
const LONG_RUNNING = new Set(['start', 'serve', 'worker']);

/** Runs the command in `args`. */
function run(args, env = process.env) {
  const applies = bundleApplies(args, env);
  if (applies && bundleIsFresh()) return isLongRunning(args) ? runBundleMapped() : runBundle();
  if (applies) rebuildInBackground();
  loadTypeScript();
  const cli = require(path.join(ROOT, 'src', 'cli', 'main.ts'));
  void cli.main().then(cli.exitWhenFlushed);
}

/** The bundle holds this repository's app only: another app (--app, SYMPHONY_APP, another directory) needs the sources. */
function bundleApplies(args, env, cwd = process.cwd()) {
  if (env.SYMPHONY_CLI_BUNDLE === 'off' || env.SYMPHONY_APP) return false;
  if (args.some((arg) => arg === '--app' || arg.startsWith('--app='))) return false;
  return samePath(cwd, ROOT) && fs.existsSync(path.join(ROOT, 'symphony.config.ts'));
}

/** Every source the bundle was built from is as it was then (a few hundred stat calls, ~ms). */
function bundleIsFresh(root = ROOT, dir = BUNDLE_DIR) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  } catch {
    return false;
  }
  return manifest.every(([file, mtime, size]) => {
    const stat = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
    return stat !== undefined && stat.mtimeMs === mtime && stat.size === size;
  });
}

/**
 * Runs the bundle with V8's code cache beside it. The cache is written after the first run, so it
 * holds every function that run compiled, not only the top level (what require() would cache).
 */
function runBundle() {
  const cacheFile = `${BUNDLE}.cache`;
  const source = fs.readFileSync(BUNDLE, 'utf8');
  const cachedData = readOptional(cacheFile);
  const script = new vm.Script(wrap(source), {
    filename: BUNDLE,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => writeAtomically(cacheFile, script.createCachedData()));
  }
  const bundle = { exports: {} };
  script
    .runInThisContext()
    .call(bundle.exports, bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, BUNDLE_DIR);
  bundle.exports.run(process.cwd());
}

/** Through Node's own loader, with source maps: what a stack trace says is a line of the sources. */
function runBundleMapped() {
  process.setSourceMapsEnabled(true);
  require(BUNDLE).run(process.cwd());
}

function isLongRunning(args) {
  const command = args.find((arg) => !arg.startsWith('-'));
  return command !== undefined && LONG_RUNNING.has(command);
}

function rebuildInBackground() {
  if (fs.existsSync(path.join(BUNDLE_DIR, 'build.lock'))) return; // one is under way
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', path.join(ROOT, 'scripts', 'build-cli-bundle.ts')],
    { cwd: ROOT, detached: true, stdio: 'ignore' },
  );
  child.on('error', () => undefined); // the sources ran anyway
  child.unref();
}

/**
 * TypeScript through tsx. Files under node_modules keep Node's own loader: tsx would scan each
 * one for ES module syntax, a fifth of a short command's time, for packages that are CommonJS or
 * that Node loads itself (require of ES modules, Node >= 20.19).
 */
function loadTypeScript() {
  const nodeJs = require.extensions['.js'];
  require('tsx/cjs/api').register();
  if (!process.features.require_module) return;
  const tsxJs = require.extensions['.js'];
  const dependency = `${path.sep}node_modules${path.sep}`;
  require.extensions['.js'] = function loadJs(module, filename) {
    return (filename.includes(dependency) ? nodeJs : tsxJs).call(this, module, filename);
  };
}

function samePath(a, b) {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

function readOptional(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeAtomically(file, data) {
  try {
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, data);
    fs.renameSync(partial, file);
  } catch {
    // a read-only checkout: the next command compiles again
  }
}

module.exports = { run, bundleApplies, bundleIsFresh, BUNDLE_DIR };
