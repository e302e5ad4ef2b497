import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { defineApp } from '../../src/bus/app-definition';
import { defineMessage } from '../../src/message/define-message';
import { closeTestBuses, eventually, redisUrl, testBus, uniquePrefix } from '../helpers/bus';

/**
 * How `symphony` finds the app, run as an installed project runs it: bin/symphony.js started in
 * the project's directory, no NODE_OPTIONS. By convention symphony.config.* in that directory,
 * else --app or SYMPHONY_APP; never a demo app of its own.
 */
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/symphony.js');
const SRC = JSON.stringify(path.join(ROOT, 'src'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('symphony finds the app', () => {
  jest.setTimeout(120_000); // process starts that compile TypeScript on a shared 2-core machine
  let dir: string;
  let env: Record<string, string>;
  let prefix: string;
  const running = new Set<ReturnType<typeof spawn>>();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-project-'));
    // the project's dependencies (zod, …) as an installed project has them
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    prefix = uniquePrefix();
    env = { SYMPHONY_TRANSPORT_DSN: redisUrl(), SYMPHONY_REDIS_PREFIX: prefix, LOG_LEVEL: 'info' };
  });
  afterEach(async () => {
    running.forEach((child) => child.kill('SIGKILL'));
    await closeTestBuses();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  const start = (args: string[], extraEnv: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...process.env, SYMPHONY_APP: '', ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    const out = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out.stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out.stderr += c));
    let exited = false;
    const done = new Promise<Run>((resolve) =>
      child.once('exit', (code) => {
        exited = true;
        running.delete(child);
        resolve({ code, ...out });
      }),
    );
    return { child, done, out, exited: () => exited };
  };
  const run = (...args: string[]) => start(args).done;
  const keysUnderPrefix = async () => {
    const redis = new Redis(redisUrl());
    try {
      const [, keys] = await redis.scan('0', 'MATCH', `${prefix}*`, 'COUNT', 100_000);
      return keys;
    } finally {
      redis.disconnect();
    }
  };

  it('a worker with no app config exits non-zero with one line and writes nothing to the store', async () => {
    const { code, stdout, stderr } = await run('worker');
    expect(code).toBe(1);
    expect(stderr).toBe(
      `error: APP_NOT_FOUND: No Symphony app in ${fs.realpathSync(dir)}: create symphony.config.ts there (export default defineApp({ messages, routing, handlers })) or pass --app <path>.\n`,
    );
    expect(stdout).toBe('');
    expect(await keysUnderPrefix()).toEqual([]);
  });

  it("loads symphony.config.ts with the project's own extensionless TypeScript imports, and handles", async () => {
    write(
      'symphony/messages.ts',
      `import { z } from 'zod';
import { defineMessage } from ${SRC};
export const ping = defineMessage('project.ping', z.object({ n: z.number() }));`,
    );
    write(
      'symphony.config.ts',
      `import fs from 'node:fs';
import { defineApp, defineHandler } from ${SRC};
import { ping } from './symphony/messages';
const seen = defineHandler(ping, ({ n }) => fs.appendFileSync(${JSON.stringify(path.join(dir, 'seen'))}, n + '\\n'));
export default defineApp({ messages: [ping], routing: { '*': 'project' }, handlers: [seen] });`,
    );
    const worker = start(['worker']);
    const bus = testBus(
      defineApp({
        messages: [defineMessage('project.ping', z.object({ n: z.number() }))],
        routing: { '*': 'project' },
      }),
      { redisPrefix: prefix },
    );
    await bus.dispatch('project.ping', { n: 7 });
    // The handler's appendFileSync creates the file before it writes: wait for the whole line.
    const seen = () =>
      fs.existsSync(path.join(dir, 'seen')) ? fs.readFileSync(path.join(dir, 'seen'), 'utf8') : '';
    await eventually(() => seen().endsWith('\n') || worker.exited(), Boolean, 60_000);
    expect(worker.out.stderr).toBe('');
    expect(seen()).toBe('7\n');
    worker.child.kill('SIGTERM');
    expect((await worker.done).code).toBe(0);
  });

  it('--app wins over symphony.config.*, SYMPHONY_APP is honoured, and an ES module app loads', async () => {
    const app = (queue: string) =>
      `import { defineApp } from ${SRC};\nexport default defineApp({ messages: [], routing: { '*': '${queue}' } });\n`;
    write('symphony.config.ts', app('by-convention'));
    write('other/app.ts', app('by-flag'));
    write('env-app.ts', app('by-env'));
    // top-level await: only an ES module can have it
    write('esm.config.mts', `${app('by-esm')}await Promise.resolve();\n`);
    const queues = (r: Run) => {
      expect(r.stderr).toBe('');
      return Object.keys((JSON.parse(r.stdout) as { queues: object }).queues);
    };

    expect(queues(await run('stats', '--json'))).toEqual(['by-convention']);
    expect(queues(await run('stats', '--json', '--app', 'other/app'))).toEqual(['by-flag']);
    expect(queues(await run('--app', './esm.config.mts', 'stats', '--json'))).toEqual(['by-esm']);
    expect(queues(await start(['stats', '--json'], { SYMPHONY_APP: 'env-app.ts' }).done)).toEqual(['by-env']);

    const missing = await run('stats', '--app', 'nope.ts');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: APP_NOT_FOUND: --app nope.ts: no such module .*\n$/);
  });

  it('an app module of the wrong shape is refused field by field', async () => {
    write('symphony.config.ts', `export default { messages: 'email.send', routing: { '*': 1 } };\n`);
    const { code, stderr } = await run('stats');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: CONFIG_INVALID: Invalid app in .*symphony\.config\.ts: /);
    expect(stderr).toContain('app.messages: Invalid input: expected array, received string');
    expect(stderr).toContain('app.routing.*: Invalid input: expected string, received number');
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
