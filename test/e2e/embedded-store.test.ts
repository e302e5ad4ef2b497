import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pingRedis } from '../../src/transport/default-store';

const ROOT = path.resolve(__dirname, '../..');
const TSX = pathToFileURL(require.resolve('tsx')).href;

/**
 * A fresh machine: no SYMPHONY_TRANSPORT_DSN, no Redis, no PostgreSQL. Each CLI command is its own
 * process, run in an empty directory, so every command after the first is a restart of the store.
 */
describe('zero-install: the embedded store chosen when nothing is configured', () => {
  jest.setTimeout(180_000); // a fresh PGlite runs initdb and the migrations once (seconds on 2 cores)
  let cwd: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-fresh-'));
    env = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info' };
    env.SYMPHONY_APP = path.join(ROOT, 'test/fixtures/http-app.ts'); // mail (fails on `fail`), ticks
    // A developer machine may run Redis on the default port; then the fallback cannot show, so the
    // same flow runs on the embedded store named explicitly (the notice is checked in unit tests).
    if (await pingRedis('127.0.0.1', 6379, 5000)) env.SYMPHONY_TRANSPORT_DSN = 'pglite://./var/symphony';
  });
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  const symphony = (...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/main.ts'), ...args], {
        cwd,
        env,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  const stats = async () => {
    const out = await symphony('stats', '--json');
    expect(out.code).toBe(0);
    return JSON.parse(out.stdout).queues as Record<string, Record<string, number>>;
  };

  it('dispatches, handles and fails on ./var/symphony, and keeps it all across restarts', async () => {
    const first = await symphony('dispatch', 'mail.send', '{"to":"ada@example.com","subject":"hi"}');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ id: expect.any(String), queue: 'mail' });
    // a short command logs its choice of store at debug only; the first one says it prepares the store
    expect(first.stderr).toMatch(/^\{[^\n]*"Preparing the embedded store in var\/symphony[^\n]*\}\n$/);
    expect(fs.existsSync(path.join(cwd, 'var/symphony/PG_VERSION'))).toBe(true);
    const failing = await symphony(
      'dispatch',
      'mail.send',
      '{"to":"bob@example.com","subject":"x","fail":true}',
    );
    expect(failing.code).toBe(0);

    const worker = await symphony('worker', '--limit', '2');
    expect(worker.code).toBe(0);
    if (!env.SYMPHONY_TRANSPORT_DSN) {
      // a long-running command says which store it chose, at info
      expect(worker.stdout).toMatch(
        /no Redis at 127\.0\.0\.1:6379: using the embedded store pglite:\/\/\.\/var\/symphony/,
      );
      expect(worker.stdout).toMatch(/To switch, set SYMPHONY_TRANSPORT_DSN=/);
    }
    expect((await stats()).mail).toMatchObject({ completed: 1, failed: 1 });

    expect((await symphony('dispatch', 'tick.count', '{"n":1}')).code).toBe(0);
    const after = await stats(); // another process: the store reopened from disk
    expect(after.mail).toMatchObject({ completed: 1, failed: 1 });
    expect((after.ticks!.waiting ?? 0) + (after.ticks!.prioritized ?? 0)).toBe(1);
  });

  it('while `npm start` holds the store, CLI commands in a second terminal are run by it', async () => {
    const start = spawn(
      process.execPath,
      ['--import', TSX, path.join(ROOT, 'src/cli/main.ts'), 'start', '--port', '0'],
      { cwd, env },
    );
    const exited = new Promise((resolve) => start.once('exit', resolve));
    try {
      const announced = path.join(cwd, 'var/symphony/symphony-api.json');
      for (let i = 0; i < 600 && !fs.existsSync(announced); i++) await new Promise((r) => setTimeout(r, 100));
      expect(fs.existsSync(announced)).toBe(true);
      const before = (await stats()).mail!.completed!;
      const sent = await symphony(
        'dispatch',
        'mail.send',
        '{"to":"eve@example.com","subject":"second terminal"}',
      );
      expect(sent.code).toBe(0);
      expect(JSON.parse(sent.stdout)).toEqual({ id: expect.any(String), queue: 'mail' });
      const invalid = await symphony('dispatch', 'mail.send', '{"to":"not-an-email","subject":"x"}');
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toMatch(/^error: VALIDATION_FAILED: .*\n {2}to: Invalid email address\n$/);
      const unknown = await symphony('stats', '--queues', 'nope');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(
        /^error: VALIDATION_FAILED: Unknown queue\n {2}queue: "nope" is not declared; known queues: mail, ticks\n$/,
      );
      let completed = before;
      for (let i = 0; i < 100 && completed === before; i++) {
        await new Promise((r) => setTimeout(r, 200));
        completed = (await stats()).mail!.completed!;
      }
      expect(completed).toBe(before + 1);

      // every store command, not only dispatch and stats: none refuses with DB_STORE_LOCKED
      const ok = async (...args: string[]) => {
        const out = await symphony(...args);
        expect({ args, code: out.code, stderr: out.stderr }).toEqual({ args, code: 0, stderr: '' });
        return out.stdout;
      };
      const failed = JSON.parse(await ok('failed:list', '--json')) as { items: { id: string }[] };
      expect(failed.items).toHaveLength(1); // bob's, from the first test
      const id = failed.items[0]!.id;
      expect(JSON.parse(await ok('failed:show', id))).toMatchObject({ id, queue: 'mail' });
      expect(JSON.parse(await ok('failed:stats', '--json'))).toMatchObject({ total: 1 });
      expect(JSON.parse(await ok('messages:show', id))).toMatchObject({ id, state: 'failed' });
      expect(JSON.parse(await ok('messages:search', '--json')).items.length).toBeGreaterThan(0);
      expect(JSON.parse(await ok('schedule:list', '--json')).schedules).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: 'nightly' })]),
      );
      expect(JSON.parse(await ok('queue:pause', 'ticks'))).toMatchObject({ paused: true });
      expect(JSON.parse(await ok('queue:show', 'ticks'))).toMatchObject({ paused: true });
      expect(JSON.parse(await ok('queue:resume', 'ticks'))).toMatchObject({ paused: false });
      expect(JSON.parse(await ok('db:status', '--json')).stores).toEqual([
        expect.objectContaining({ schema: 'symphony', upToDate: true }),
      ]);
      expect(await ok('failed:retry', id)).toBe(`retried ${id} (mail)\n`);
      const missing = await symphony('failed:show', 'no-such-id'); // an error comes back as one line too
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^error: FAILED_NOT_FOUND: [^\n]+\n$/);
      // long-running commands stay refused: the running process already is the worker
      const worker = await symphony('worker', '--limit', '1');
      expect(worker.code).toBe(1);
      expect(worker.stderr).toMatch(/DB_STORE_LOCKED/);
    } finally {
      start.kill('SIGTERM');
      await exited;
    }
  });
});
