import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCliBundle } from '../../scripts/build-cli-bundle';
import { eventually, redisUrl, uniquePrefix } from '../helpers/bus';

// plain JavaScript (bin/ runs before any TypeScript loader)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const checkout = require('../../bin/source-checkout.js') as {
  bundleApplies(args: string[], env: Record<string, string | undefined>, cwd?: string): boolean;
  bundleIsFresh(root?: string, dir?: string): boolean;
  BUNDLE_DIR: string;
};

const ROOT = path.resolve(__dirname, '../..');
const CODE_CACHE = path.join(checkout.BUNDLE_DIR, 'cli.js.cache');

/** `node bin/symphony.js …` from the repository root, as `npm run symphony -- …` runs it. */
function symphony(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/symphony.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the CLI bundle of a source checkout (bin/source-checkout.js)', () => {
  it('applies to this repository’s app only', () => {
    const env = {};
    for (const args of [['stats', '--json'], ['--version'], ['start'], ['worker', '--limit', '1']]) {
      expect(checkout.bundleApplies(args, env, ROOT)).toBe(true);
    }
    // another app: the bundle holds this repository's only
    expect(checkout.bundleApplies(['stats', '--app', 'x.ts'], env, ROOT)).toBe(false);
    expect(checkout.bundleApplies(['--app=x.ts', 'stats'], env, ROOT)).toBe(false);
    expect(checkout.bundleApplies(['stats'], { SYMPHONY_APP: 'x.ts' }, ROOT)).toBe(false);
    expect(checkout.bundleApplies(['stats'], env, os.tmpdir())).toBe(false);
    expect(checkout.bundleApplies(['stats'], { SYMPHONY_CLI_BUNDLE: 'off' }, ROOT)).toBe(false);
  });

  it('is stale as soon as a source it was built from changes or goes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-bundle-'));
    try {
      const source = path.join(dir, 'a.ts');
      fs.writeFileSync(source, 'export const a = 1;\n');
      const { mtimeMs, size } = fs.statSync(source);
      expect(checkout.bundleIsFresh(dir, dir)).toBe(false); // no manifest: never built
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify([['a.ts', mtimeMs, size]]));
      expect(checkout.bundleIsFresh(dir, dir)).toBe(true);
      fs.utimesSync(source, new Date(), new Date(mtimeMs + 5_000)); // saved again, same size
      expect(checkout.bundleIsFresh(dir, dir)).toBe(false);
      fs.rmSync(source);
      expect(checkout.bundleIsFresh(dir, dir)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('built', () => {
    jest.setTimeout(180_000); // a build and several process starts on a shared 2-core machine

    let env: Record<string, string>;
    beforeAll(async () => {
      // another build may hold the lock (npm ci's, a background one): wait for a fresh bundle
      await eventually(
        async () => checkout.bundleIsFresh() || ((await buildCliBundle()) && checkout.bundleIsFresh()),
        Boolean,
        120_000,
      );
    });
    beforeEach(() => {
      env = { SYMPHONY_TRANSPORT_DSN: redisUrl(), SYMPHONY_REDIS_PREFIX: uniquePrefix() };
    });

    it('runs dispatch and stats as the sources do, and keeps V8’s code of itself', async () => {
      fs.rmSync(CODE_CACHE, { force: true });
      const dispatched = await symphony(['dispatch', 'email.send', '{"to":"a@b.co","subject":"x"}'], env);
      expect(dispatched).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(dispatched.stdout)).toMatchObject({ queue: 'emails' });
      // only the bundle writes this: proof that the bundle ran, not the sources
      expect(fs.existsSync(CODE_CACHE)).toBe(checkout.bundleIsFresh());

      const [bundled, sources] = await Promise.all([
        symphony(['stats', '--json'], env),
        symphony(['stats', '--json'], { ...env, SYMPHONY_CLI_BUNDLE: 'off' }),
      ]);
      expect(bundled).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(sources.stdout));
      const emails = (JSON.parse(bundled.stdout) as { queues: Record<string, Record<string, number>> }).queues
        .emails!;
      expect(emails.waiting! + emails.prioritized!).toBe(1);
    });

    it('fails the same way: one line on stderr, exit 1', async () => {
      const [bundled, sources] = await Promise.all([
        symphony(['dispatch', 'email.send', '{"to":"nope"}'], env),
        symphony(['dispatch', 'email.send', '{"to":"nope"}'], { ...env, SYMPHONY_CLI_BUNDLE: 'off' }),
      ]);
      expect(bundled.code).toBe(1);
      expect(bundled.stdout).toBe('');
      expect(bundled.stderr).toMatch(/^error: VALIDATION_FAILED/);
      expect(bundled).toEqual(sources);
    });

    it('a worker run from it records stack traces that point at the sources (source maps)', async () => {
      // the log e-mail provider rejects @invalid.example for good: straight to the failed store
      const sent = await symphony(
        ['dispatch', 'email.send', '{"to":"x@invalid.example","subject":"s"}'],
        env,
      );
      expect(sent.code).toBe(0);
      const worker = await symphony(['worker', '--limit', '1', '--queues', 'emails'], env);
      expect(worker.code).toBe(0);
      const failed = await symphony(['failed:list', '--json'], env);
      const [message] = (JSON.parse(failed.stdout) as { items: { error: { stack?: string } }[] }).items;
      expect(message!.error.stack).toContain(path.join(ROOT, 'src/handling/handler-registry.ts'));
      expect(message!.error.stack).not.toContain('cli.js');
    });

    it('--version prints the package version', async () => {
      const { code, stdout } = await symphony(['--version'], env);
      expect(code).toBe(0);
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the version this must match
      expect(stdout).toBe(`${(require('../../package.json') as { version: string }).version}\n`);
    });
  });
});
