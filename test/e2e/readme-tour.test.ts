import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { redisUrl, uniquePrefix } from '../helpers/bus';
import { killStrayProcesses, startCli, type LogLine } from '../fixtures/cli-process';

const root = path.resolve(__dirname, '../..');

/** The commands of the README block after the `<!-- tour: … -->` marker, exactly as written there. */
function tourCommands(): string[] {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const after = readme.slice(readme.indexOf('<!-- tour:'));
  const block = /```bash\n([\s\S]*?)```/.exec(after)![1]!;
  return block.split('\n').filter((line) => line.startsWith('npm run symphony -- '));
}

/**
 * The README's tour of retries and the failed store, run command by command as a reader types it
 * (through npm and the shell, comments included) beside a worker, checking what each one promises.
 */
describe('README tour: retries and the failed store', () => {
  jest.setTimeout(300_000); // a dozen process starts on a shared 2-core machine
  afterEach(killStrayProcesses);

  it('works as written', async () => {
    const env = {
      SYMPHONY_TRANSPORT_DSN: redisUrl(),
      SYMPHONY_REDIS_PREFIX: uniquePrefix(),
      LOG_LEVEL: 'info',
    };
    const run = (line: string) => {
      const out = spawnSync('sh', ['-c', line], {
        cwd: root,
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
      expect({ line, status: out.status, error: /error/i.test(out.stderr) }).toEqual({
        line,
        status: 0,
        error: false,
      }); // stderr may carry progress (failed:retry --all)
      return out.stdout;
    };
    const worker = startCli(['worker'], env);
    await worker.waitForLog((l) => l.msg === 'worker started');
    const delivery = (id: string, outcome: string, attempt: number) => (l: LogLine) =>
      l.id === id && l.outcome === outcome && l.attempt === attempt;

    const [flaky, invalid, list, retry, remove, stats, ...rest] = tourCommands();
    expect(rest).toEqual([]);

    const retried = JSON.parse(run(flaky!)) as { id: string; queue: string };
    expect(retried.queue).toBe('emails');
    await worker.waitForLog(delivery(retried.id, 'retry', 1));
    await worker.waitForLog(delivery(retried.id, 'retry', 2));
    await worker.waitForLog(delivery(retried.id, 'handled', 3));

    const rejected = JSON.parse(run(invalid!)) as { id: string };
    const failed = await worker.waitForLog(delivery(rejected.id, 'failed', 1));
    expect(JSON.stringify(failed.error)).toContain('rejected the message: 550 5.1.2');

    const listed = run(list!);
    expect(listed).toContain(rejected.id.slice(0, 8));
    expect(listed).toContain('550 5.1.2');

    run(retry!);
    await worker.waitForLog((l) => delivery(rejected.id, 'failed', 1)(l) && l !== failed);

    run(remove!);
    expect(run(list!)).not.toContain(rejected.id.slice(0, 8));

    // Stopped first, so the stats and the worker's log tell of the same deliveries.
    worker.child.kill('SIGTERM');
    expect((await worker.waitForExit(60_000)).code).toBe(0);

    const [header, ...rows] = run(stats!).trim().split('\n');
    const emails = rows
      .find((r) => r.startsWith('emails'))!
      .trim()
      .split(/\s+/);
    const column = (name: string) => Number(emails[header!.trim().split(/\s+/).indexOf(name)]);
    expect(column('failed')).toBe(0);
    // The tour's one handled e-mail, and the app's morning report if its weekday 06:00 UTC fell in the tour
    const scheduled = worker.logs.filter(
      (l) => l.outcome === 'handled' && l.queue === 'emails' && l.id !== retried.id,
    ).length;
    expect(column('completed')).toBe(1 + scheduled);
  });
});
