import fs from 'node:fs';
import path from 'node:path';
import { eventually } from '../helpers/bus';
import { workerTestbed } from '../fixtures/worker-testbed';
import { type CliProcess, type LogLine } from '../fixtures/cli-process';
import { slowWork, startsIn } from '../fixtures/slow-app';

/**
 * The worker as operators run it: a child process, stopped by signals. Short lock and stalled-check
 * intervals let BullMQ hand an abandoned message to the next worker within a second or two.
 */
describe('worker process: signals and crashes', () => {
  jest.setTimeout(60_000); // two process starts each on a shared 2-core machine
  const bed = workerTestbed({ SYMPHONY_LOCK_DURATION_MS: '1000', SYMPHONY_STALLED_INTERVAL_MS: '500' });
  const { worker } = bed;

  const started = async (...args: string[]): Promise<CliProcess> => {
    const cli = worker(...args);
    await cli.waitForLog((l) => l.msg === 'worker started');
    return cli;
  };

  const lines = (file: string) =>
    fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

  const handled = (id: string) => (l: LogLine) => l.id === id && l.outcome === 'handled';

  it('on SIGTERM lets the running handler finish, completes the message and exits 0', async () => {
    const file = path.join(bed.dir, 'work.log');
    const cli = await started('--shutdown-timeout', '20');
    const { id } = await bed.bus.dispatch(slowWork, { file, ms: 1500 });
    await eventually(
      () => startsIn(file),
      (n) => n === 1,
    );

    cli.child.kill('SIGTERM');
    const exit = await cli.waitForExit();

    expect(exit).toEqual({ code: 0, signal: null });
    expect(lines(file)).toEqual([`start - ${cli.pid}`, `done - ${cli.pid}`]);
    expect(cli.logs.find((l) => l.msg === 'signal received')).toMatchObject({ signal: 'SIGTERM' });
    expect(cli.logs.find(handled(id))).toMatchObject({
      type: 'slow.work',
      queue: 'slow',
      attempt: 1,
      durationMs: expect.any(Number),
    });
    expect(cli.logs.find((l) => l.msg === 'worker stopped')).toMatchObject({
      reason: 'signal',
      processed: 1,
      forced: false,
    });
    expect((await bed.bus.stats(['slow'])).slow).toMatchObject({ active: 0, completed: 1, failed: 0 });
  });

  it('past --shutdown-timeout lets go of the message, and the next worker handles it', async () => {
    const file = path.join(bed.dir, 'work.log');
    const first = await started('--shutdown-timeout', '1');
    const { id } = await bed.bus.dispatch(slowWork, { file, ms: 60_000, thenMs: 0 });
    await eventually(
      () => startsIn(file),
      (n) => n === 1,
    );

    first.child.kill('SIGTERM');
    const exit = await first.waitForExit();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(first.logs.find((l) => l.msg === 'worker stopped')).toMatchObject({
      reason: 'signal',
      forced: true,
    });
    expect(lines(file)).toEqual([`start - ${first.pid}`]);

    const second = await started();
    await second.waitForLog(handled(id));
    expect(lines(file)).toEqual([`start - ${first.pid}`, `start - ${second.pid}`, `done - ${second.pid}`]);
    await eventually(async () => (await bed.bus.stats(['slow'])).slow!.completed === 1);

    second.child.kill('SIGTERM');
    expect(await second.waitForExit()).toEqual({ code: 0, signal: null });
  });

  it('after SIGKILL mid-handler, the next worker handles the message', async () => {
    const file = path.join(bed.dir, 'work.log');
    const first = await started();
    const { id } = await bed.bus.dispatch(slowWork, { file, ms: 60_000, thenMs: 0 });
    await eventually(
      () => startsIn(file),
      (n) => n === 1,
    );

    first.child.kill('SIGKILL');
    expect(await first.waitForExit()).toEqual({ code: null, signal: 'SIGKILL' });
    expect((await bed.bus.stats(['slow'])).slow).toMatchObject({ active: 1, completed: 0 });

    const second = await started();
    await second.waitForLog(handled(id));
    expect(lines(file)).toEqual([`start - ${first.pid}`, `start - ${second.pid}`, `done - ${second.pid}`]);
    await eventually(
      async () => (await bed.bus.stats(['slow'])).slow,
      (s) => s!.completed === 1 && s!.active === 0,
    );

    second.child.kill('SIGTERM');
    expect(await second.waitForExit()).toEqual({ code: 0, signal: null });
  });
});
