import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { defineApp } from '../../src/bus/app-definition';
import { listen, type Listening } from '../../src/http/server';
import { defineMessage } from '../../src/message/define-message';
import { closeTestBuses, eventually, redisUrl, testBus, uniquePrefix } from '../helpers/bus';
import { closeHttpTestSystems, httpTestSystem, TOKENS } from '../helpers/http';
import { freePort } from '../helpers/servers';
import { copyFixture, npmInstall, ok, pack, ROOT, run, sizeOf, Started } from './package-fixtures';

/**
 * `npm run test:package` (its own CI step): the package as a team installs it. `npm pack` (which
 * builds), then the tarball in fresh projects: CommonJS, ESM, TypeScript (bundler and node16), and
 * a Next.js app whose route dispatches a message that the package's CLI worker handles.
 */
const MB = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const start = Date.now();
  try {
    return await work();
  } finally {
    console.log(`${label}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }
};

describe('the symphony-messenger package', () => {
  let work: string;
  let tarball: string;
  let files: string[];

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-package-'));
    ({ tarball, files } = await timed('npm pack (with the build)', () => pack(work)));
  }, 600_000);
  afterAll(async () => {
    await closeHttpTestSystems();
    await closeTestBuses();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('ships the build, the CLI, the docs and the admin UI assets, and nothing of the repository', () => {
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'bin/symphony.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cli/main.js',
      'dist/src/client/index.js',
      'dist/src/next/index.js',
      'dist/src/testing/index.js',
      'dist/dashboard/index.js',
      'dashboard/public/app.css',
      'docs/nextjs.md',
    ]) {
      expect(files).toContain(file);
    }
    const allowed =
      /^(package\.json|README\.md|LICENSE|bin\/|docs\/|dashboard\/public\/|dist\/(src|dashboard)\/.*\.(js|d\.ts)$)/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    // no tests, benches, CI, raw sources, demo app, examples, source maps
    const forbidden =
      /^(test|bench|\.ci|src|queues|handlers|examples|scripts|api|dist\/(queues|handlers|test))\/|\.map$/;
    expect(files.filter((f) => forbidden.test(f))).toEqual([]);
  });

  describe('in a producer project (no optional peer installed)', () => {
    let project: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      project = copyFixture('producer', work);
      await timed('producer install (tarball + zod)', () => npmInstall(project, [tarball, 'zod@^4']));
      console.log(`producer-only install: node_modules ${MB(sizeOf(path.join(project, 'node_modules')))}`);
    }, 600_000);
    beforeEach(() => {
      env = {
        SYMPHONY_TRANSPORT_DSN: redisUrl(),
        SYMPHONY_REDIS_PREFIX: uniquePrefix(),
        LOG_LEVEL: 'silent',
      };
    });

    const installed = (name: string) =>
      fs.existsSync(path.join(project, 'node_modules', name, 'package.json'));
    const stored = async (prefix: string) => {
      const bus = testBus(defineApp({ messages: [], routing: { '*': 'fixture' } }), { redisPrefix: prefix });
      const { waiting, prioritized } = (await bus.stats(['fixture'])).fixture!;
      return waiting + prioritized;
    };

    it('installs the core only: the server, embedded store, dashboard and tsx stay out', () => {
      for (const name of ['bullmq', 'ioredis', 'pg', 'pino', 'zod'])
        expect([name, installed(name)]).toEqual([name, true]);
      for (const name of [
        'express',
        'helmet',
        '@electric-sql/pglite',
        '@bull-board/api',
        'tsx',
        'esbuild',
        'prom-client',
      ]) {
        expect([name, installed(name)]).toEqual([name, false]);
      }
    });

    it('CommonJS: requires every entry point and dispatches to Redis; internals are not exported', async () => {
      const { stdout } = await ok(process.execPath, ['cjs/dispatch.js'], project, env);
      const seen = JSON.parse(stdout) as {
        result: { queue: string };
        recorded: number;
        entries: string[];
        deep: string;
      };
      expect(seen).toEqual({
        result: { id: expect.any(String), queue: 'fixture', deduplicated: false },
        recorded: 1,
        entries: ['function', 'function', 'function'],
        deep: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      });
      expect(await stored(env.SYMPHONY_REDIS_PREFIX!)).toBe(1);
    });

    it('ESM: named imports of every entry point, and a dispatch', async () => {
      const { stdout } = await ok(process.execPath, ['esm/dispatch.js'], project, env);
      expect(JSON.parse(stdout)).toEqual({
        result: { id: expect.any(String), queue: 'fixture', deduplicated: false },
        recorded: 1,
        entries: ['function', 'function'],
      });
      expect(await stored(env.SYMPHONY_REDIS_PREFIX!)).toBe(1);
    });

    it.each(['bundler', 'node16'])(
      'TypeScript (moduleResolution %s) type-checks every entry point',
      async (mode) => {
        const tsconfig = path.join(project, `tsconfig.${mode}.json`);
        fs.writeFileSync(
          tsconfig,
          JSON.stringify({
            compilerOptions: {
              target: 'ES2022',
              module: mode === 'bundler' ? 'esnext' : 'node16',
              moduleResolution: mode,
              lib: ['ES2022', 'DOM'],
              strict: true,
              noEmit: true,
              // the package's declarations are checked in full once; node16 checks resolution only
              skipLibCheck: mode !== 'bundler',
              typeRoots: [path.join(ROOT, 'node_modules/@types')],
              types: ['node'],
            },
            files: ['ts/index.ts'],
          }),
        );
        const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
        await ok(process.execPath, [tsc, '-p', tsconfig], project);
      },
    );

    it('the CLI names the optional peer a feature needs, in one line', async () => {
      const symphony = (...args: string[]) =>
        run(process.execPath, ['node_modules/.bin/symphony', ...args], project, env);
      const serve = await symphony('serve', '--app', 'cjs/app.js');
      expect(serve.code).toBe(1);
      expect(serve.stderr).toMatch(
        /^error: DEPENDENCY_MISSING: The HTTP API \(symphony serve\/start\) needs express, helmet, .*: run `npm install express helmet .*`\.\n$/,
      );
      fs.writeFileSync(path.join(project, 'symphony.config.ts'), "export { default } from './cjs/app.js';\n");
      const typescript = await symphony('stats');
      expect(typescript.stderr).toBe(
        'error: DEPENDENCY_MISSING: Loading a TypeScript app (symphony.config.ts) needs tsx, not installed: run `npm install tsx`.\n',
      );
      fs.rmSync(path.join(project, 'symphony.config.ts'));
      const embedded = await run(process.execPath, ['cjs/dispatch.js'], project, {
        ...env,
        SYMPHONY_TRANSPORT_DSN: `pglite://${path.join(project, 'var')}`,
      });
      expect(embedded.code).toBe(1);
      expect(embedded.stderr).toContain(
        'The embedded store (pglite://) needs @electric-sql/pglite, not installed: run `npm install @electric-sql/pglite`.',
      );
    });
  });

  describe('in a Next.js app', () => {
    let project: string;
    let prefix: string;
    const started: Started[] = [];
    let api: Listening | undefined;

    beforeAll(async () => {
      project = copyFixture('next-app', work);
      const packages = [
        'next@15',
        'react@^19',
        'react-dom@^19',
        'typescript@5.9',
        '@types/react@^19',
        '@types/node@^20',
      ];
      await timed('Next.js app install', () =>
        npmInstall(project, [...packages, 'tsx@^4', 'zod@^4', tarball]),
      );
      prefix = uniquePrefix();
    }, 900_000);
    afterAll(async () => {
      await Promise.all(started.map((p) => p.stop()));
      await api?.close();
    });

    const start = (command: string, args: string[], env: Record<string, string>) => {
      const process = new Started(command, args, project, env);
      started.push(process);
      return process;
    };

    it('`next build` passes with no warnings (serverExternalPackages, no module resolution problems)', async () => {
      const build = await timed('next build', () =>
        ok('npx', ['--no-install', 'next', 'build'], project, { NEXT_TELEMETRY_DISABLED: '1' }),
      );
      const output = build.stdout + build.stderr;
      expect(output).toMatch(/Compiled successfully/);
      // module problems: bundled drivers (@valkey/valkey-glide…), Node APIs in the Edge route
      expect(output).not.toMatch(
        /Module not found|Can't resolve|Critical dependency|Module build failed|Attempted import error|Node\.js (API|module) is (used|loaded)|not supported in the Edge Runtime/i,
      );
      // not module problems: the notice an Edge route always brings (no static generation), and the one Next
      // prints on a first build under CI (CI=true) about its build cache
      const notices = /Using edge runtime on a page|No build cache found/;
      const warnings = output.split('\n').filter((line) => /⚠|\bwarn/i.test(line));
      expect(warnings.filter((line) => !notices.test(line))).toEqual([]);
    }, 900_000);

    it('a route under `next start` dispatches and `npx symphony worker` (its TypeScript config, nothing else) handles', async () => {
      const env = {
        SYMPHONY_TRANSPORT_DSN: redisUrl(),
        SYMPHONY_REDIS_PREFIX: prefix,
        NEXT_TELEMETRY_DISABLED: '1',
      };
      // the Edge route goes through Symphony's HTTP API, served here on the same Redis and prefix
      const signup = defineMessage('user.signup', z.object({ email: z.email() }));
      const system = httpTestSystem(defineApp({ messages: [signup], routing: { 'user.*': 'users' } }), {
        config: { redisPrefix: prefix },
      });
      api = await listen(system.http.app, '127.0.0.1', 0);
      const port = String(await freePort());
      const next = start('npx', ['--no-install', 'next', 'start', '-p', port], {
        ...env,
        SYMPHONY_API_URL: api.url,
        SYMPHONY_API_TOKEN: TOKENS.dispatcher,
      });
      const worker = start('npx', ['--no-install', 'symphony', 'worker'], { ...env, LOG_LEVEL: 'info' });
      const url = `http://127.0.0.1:${port}`;
      await eventually(
        () =>
          fetch(`${url}/api/signup`).then(
            () => true,
            () => next.exited,
          ),
        Boolean,
        120_000,
      );
      expect(next.exited).toBe(false);

      const post = (route: string, email: string) =>
        fetch(`${url}${route}`, {
          method: 'POST',
          body: JSON.stringify({ email }),
          headers: { 'content-type': 'application/json' },
        });
      const handled = (id: string) =>
        eventually(
          () => worker.exited || worker.logs().some((l) => l.id === id && l.outcome === 'handled'),
          Boolean,
          60_000,
        );

      const accepted = await post('/api/signup', 'ada@example.com');
      expect(accepted.status).toBe(202);
      const { id } = (await accepted.json()) as { id: string };
      await handled(id);
      expect(worker.exited).toBe(false);
      expect(worker.logs()).toContainEqual(
        expect.objectContaining({ email: 'ada@example.com', msg: 'welcome e-mail sent' }),
      );

      const refused = await post('/api/signup', 'not-an-email');
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        error: { code: 'VALIDATION_FAILED', details: [{ path: 'email' }] },
      });

      const edge = await post('/api/edge-signup', 'grace@example.com');
      expect(edge.status).toBe(202);
      await handled(((await edge.json()) as { id: string }).id);
      expect(worker.stderr).toBe('');
    }, 300_000);
  });
});
