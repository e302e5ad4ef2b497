import { redisUrl, uniquePrefix } from '../helpers/bus';
import { killStrayProcesses, runCli } from '../fixtures/cli-process';

/** The schedule:* commands with the repo's own wiring (queues/schedules.ts declares ops-morning-report). */
describe('symphony schedule:* CLI', () => {
  jest.setTimeout(90_000); // one process start per command on a shared 2-core machine
  let env: Record<string, string>;
  beforeEach(() => {
    env = { SYMPHONY_TRANSPORT_DSN: redisUrl(), SYMPHONY_REDIS_PREFIX: uniquePrefix(), LOG_LEVEL: 'warn' };
  });
  afterEach(killStrayProcesses);

  const symphony = (...args: string[]) => runCli(args, env, 30_000);
  const list = async () => {
    const { code, stdout } = await symphony('schedule:list', '--json');
    expect(code).toBe(0);
    return (JSON.parse(stdout) as { schedules: Record<string, unknown>[] }).schedules;
  };

  it('prints the diff on --dry-run without writing, then syncs the declared schedule', async () => {
    const dry = await symphony('schedule:sync', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe('+ add     ops-morning-report (queue emails)\ndry run: nothing was written\n');
    expect(await list()).toEqual([]);

    expect((await symphony('schedule:sync')).stdout).toMatch(/^\+ add {5}ops-morning-report/);
    expect((await symphony('schedule:sync')).stdout).toBe('no changes\n= unchanged: ops-morning-report\n');
    expect(await list()).toEqual([
      expect.objectContaining({
        id: 'ops-morning-report',
        kind: 'cron',
        expression: '0 7 * * 1-5',
        tz: 'Europe/Paris',
        origin: 'code',
        next: [expect.any(String), expect.any(String), expect.any(String)],
        lastRun: null,
      }),
    ]);
  });

  it('adds, pauses, resumes, runs and removes a runtime schedule; refuses a bad one by field', async () => {
    const bad = await symphony(
      'schedule:add',
      'bad',
      '--message',
      'campaign.launch',
      '--body',
      '{"campaignId":"c1"}',
      '--cron',
      '30 2 * *',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: CONFIG_INVALID: Schedule "bad": cron: "30 2 \* \*" has 4 field\(s\)/);

    const added = await symphony(
      'schedule:add',
      'nightly',
      '--message',
      'campaign.launch',
      '--body',
      '{"campaignId":"c1"}',
      '--cron',
      '30 2 * * *',
      '--tz',
      'America/New_York',
      '--limit',
      '5',
    );
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      id: 'nightly',
      origin: 'runtime',
      queue: 'campaigns',
      limit: 5,
    });

    expect(JSON.parse((await symphony('schedule:pause', 'nightly')).stdout)).toMatchObject({
      paused: true,
      next: [],
    });
    const resumed = JSON.parse((await symphony('schedule:resume', 'nightly')).stdout);
    expect(resumed).toMatchObject({ paused: false });
    expect(resumed.next).toHaveLength(3);

    const run = JSON.parse((await symphony('schedule:run', 'nightly')).stdout);
    expect(run).toEqual({ schedule: 'nightly', id: expect.any(String), queue: 'campaigns' });

    expect(JSON.parse((await symphony('schedule:remove', 'nightly')).stdout)).toEqual({
      id: 'nightly',
      queue: 'campaigns',
      removed: true,
    });
    const missing = await symphony('schedule:remove', 'nightly');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: SCHEDULE_NOT_FOUND: No schedule "nightly"/);
  });

  it('syncs the declared schedules when a worker starts', async () => {
    const worker = await symphony('worker', '--time-limit', '1', '--shutdown-timeout', '1');
    expect(worker.code).toBe(0);
    expect((await list()).map((s) => s.id)).toEqual(['ops-morning-report']);
  });
});
