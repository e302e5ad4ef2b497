import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { redisUrl, uniquePrefix } from '../helpers/bus';

/**
 * `bin/symphony.js`, the command an installed package puts on the PATH (package.json "bin"). In a
 * source checkout it runs the TypeScript CLI through tsx. Started from another directory, as a
 * user's project would run it, with this repository's app named by --app.
 */
const BIN = path.resolve(__dirname, '../../bin/symphony.js');
const APP = path.resolve(__dirname, '../../symphony.config.ts');

function symphony(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args, '--app', APP], {
    cwd: os.tmpdir(),
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error; // e.g. the timeout
  return result;
}

describe('bin/symphony.js', () => {
  jest.setTimeout(90_000); // each call starts a process that compiles the CLI on a shared 2-core machine

  it('--help exits 0 and lists the worker and dispatch commands', () => {
    const { status, stdout } = symphony(['--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: symphony /);
    expect(stdout).toMatch(/^\s+worker \[options\]/m);
    expect(stdout).toMatch(/^\s+dispatch \[options\] <type> <json>/m);
  });

  it('dispatch prints {"id","queue"} and stores the message on Redis', () => {
    const env = {
      SYMPHONY_TRANSPORT_DSN: redisUrl(),
      SYMPHONY_REDIS_PREFIX: uniquePrefix(),
      LOG_LEVEL: 'info',
    };
    const dispatched = symphony(['dispatch', 'email.send', '{"to":"a@b.co","subject":"x"}'], env);
    expect(dispatched.stderr).toBe('');
    expect(dispatched.status).toBe(0);
    expect(dispatched.stdout).toMatch(/^\{"id":"[0-9a-f-]{36}","queue":"emails"\}\n$/);

    const stats = symphony(['stats', '--json'], env);
    expect(stats.status).toBe(0);
    const { queues } = JSON.parse(stats.stdout) as { queues: Record<string, Record<string, number>> };
    const emails = queues.emails!;
    expect(emails.waiting! + emails.prioritized!).toBe(1);
  });
});
