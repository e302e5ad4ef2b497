import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { redisUrl, uniquePrefix } from '../helpers/bus';
import { runCli } from '../fixtures/cli-process';

/**
 * The `symphony` CLI as scripts use it, with the repo's own wiring (queues/): stdout carries only
 * the machine-readable result, errors go to stderr with exit code 1 and no stack trace.
 */
describe('symphony CLI', () => {
  jest.setTimeout(60_000); // several process starts per test on a shared 2-core machine
  let env: Record<string, string>;
  beforeEach(() => {
    env = { SYMPHONY_TRANSPORT_DSN: redisUrl(), SYMPHONY_REDIS_PREFIX: uniquePrefix(), LOG_LEVEL: 'info' };
  });

  const symphony = (...args: string[]) => runCli(args, env);
  const statsJson = async () => {
    const { code, stdout } = await symphony('stats', '--json');
    expect(code).toBe(0);
    return JSON.parse(stdout) as { queues: Record<string, Record<string, number>> };
  };
  const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

  it('`npm run -s symphony -- dispatch` prints exactly {"id","queue"} and stores the message', async () => {
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(
        'npm',
        ['run', '-s', 'symphony', '--', 'dispatch', 'email.send', '{"to":"a@b.co","subject":"x"}'],
        { cwd: path.resolve(__dirname, '../..'), env: { ...process.env, ...env } },
      );
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout }));
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^\{"id":"[0-9a-f-]{36}","queue":"emails"\}\n$/);
    expect((await statsJson()).queues.emails).toMatchObject({ prioritized: 1 });
  });

  it('`npm run symphony -- stats --json` (no -s: .npmrc silences npm) prints only JSON on stdout', async () => {
    const out = spawnSync('npm', ['run', 'symphony', '--', 'stats', '--json'], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      queues: expect.objectContaining({ emails: expect.any(Object) }),
    });
  });

  it('dispatch applies --queue, --delay and --priority, and reports a duplicate idempotency key', async () => {
    const moved = await symphony(
      'dispatch',
      'campaign.launch',
      '{"campaignId":"c1"}',
      '--queue',
      'emails',
      '--delay',
      '60000',
      '--priority',
      'high',
    );
    expect(moved.code).toBe(0);
    expect(JSON.parse(moved.stdout)).toEqual({ id: expect.any(String), queue: 'emails' });

    const body = '{"to":"a@b.co","subject":"x"}';
    const first = JSON.parse(
      (await symphony('dispatch', 'email.send', body, '--idempotency-key', 'k1')).stdout,
    );
    const again = JSON.parse(
      (await symphony('dispatch', 'email.send', body, '--idempotency-key', 'k1')).stdout,
    );
    expect(again).toEqual({
      id: expect.any(String),
      queue: 'emails',
      deduplicated: true,
      existingId: first.id,
    });

    expect((await statsJson()).queues.emails).toMatchObject({ delayed: 1, prioritized: 1 });
  });

  it('rejects an invalid body with one line per field on stderr, exit 1, nothing stored', async () => {
    const { code, stdout, stderr } = await symphony(
      'dispatch',
      'email.send',
      '{"to":"nope","subject":"","cc":1}',
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        'error: VALIDATION_FAILED: Invalid body for "email.send"',
        '  to: Invalid email address',
        '  subject: Too small: expected string to have >=1 characters',
        '  cc: unknown field',
        '',
      ].join('\n'),
    );
    noStack(stderr);
    expect((await statsJson()).queues.emails).toMatchObject({ waiting: 0, prioritized: 0 });
  });

  it('rejects malformed JSON with exit 1 and no stack trace', async () => {
    const { code, stdout, stderr } = await symphony('dispatch', 'email.send', '{"to":');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: VALIDATION_FAILED: Invalid JSON body\n {2}\(root\): .+\n$/);
    noStack(stderr);
  });

  it('rejects an unknown type and a bad priority with exit 1', async () => {
    const unknown = await symphony('dispatch', 'nope.x', '{}');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: UNKNOWN_TYPE: Unknown message type "nope\.x"/);
    noStack(unknown.stderr);

    const priority = await symphony(
      'dispatch',
      'email.send',
      '{"to":"a@b.co","subject":"x"}',
      '--priority',
      'urgent',
    );
    expect(priority.code).toBe(1);
    expect(priority.stderr).toContain('  priority: must be one of critical, high, normal, low');
  });

  it('stats --json prints every configured queue with the six counts', async () => {
    const stats = await statsJson();
    const zero = { waiting: 0, active: 0, delayed: 0, prioritized: 0, completed: 0, failed: 0 };
    expect(stats).toEqual({ queues: { emails: zero, campaigns: zero, sms: zero, default: zero } });

    const { stdout } = await symphony('stats', '--json', '--queues', 'sms');
    expect(JSON.parse(stdout)).toEqual({ queues: { sms: zero } });
  });

  it('stats prints a table with a header and one row per queue', async () => {
    await symphony('dispatch', 'sms.drip_step', '{"to":"+33612345678","dripId":"d1","step":0}');
    const { code, stdout } = await symphony('stats');
    expect(code).toBe(0);
    const rows = stdout.trimEnd().split('\n');
    expect(rows[0]!.split(/\s+/)).toEqual([
      'queue',
      'waiting',
      'active',
      'delayed',
      'prioritized',
      'completed',
      'failed',
    ]);
    expect(rows.slice(1).map((r) => r.split(/\s+/)[0])).toEqual(['emails', 'campaigns', 'sms', 'default']);
    expect(rows.find((r) => r.startsWith('sms'))!.split(/\s+/)).toEqual([
      'sms',
      '0',
      '0',
      '0',
      '1',
      '0',
      '0',
    ]);
  });

  it('stats refuses an unknown queue with exit 1', async () => {
    const { code, stderr } = await symphony('stats', '--queues', 'nope');
    expect(code).toBe(1);
    expect(stderr).toContain('"nope" is not declared');
  });
});

describe('symphony CLI against a store that does not answer', () => {
  it('fails fast with one TRANSPORT_FAILED line instead of hanging', async () => {
    const result = spawnSync(
      'node',
      ['--import', 'tsx', 'src/cli/main.ts', 'dispatch', 'email.send', '{"to":"a@b.co","subject":"x"}'],
      {
        env: { ...process.env, SYMPHONY_TRANSPORT_DSN: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^error: TRANSPORT_FAILED: .*not usable/);
    expect(result.stderr).not.toContain('db:migrate'); // Redis has no schema
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
