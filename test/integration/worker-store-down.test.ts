import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSymphony } from '../../src/bus/symphony';
import { defaultConfig } from '../../src/config/config';
import { createLogger } from '../../src/logger';
import { killStrayProcesses, startCli, type CliProcess } from '../fixtures/cli-process';
import slowApp, { slowWork, startsIn } from '../fixtures/slow-app';
import { eventually, uniquePrefix } from '../helpers/bus';
import { startPostgres, stopPostgres } from '../helpers/postgres';
import { RedisProcess } from '../helpers/redis-process';
import { freePort, startRedis } from '../helpers/servers';

const APP = path.resolve(__dirname, '../fixtures/slow-app.ts');
/** Beyond the shutdown budget: closing connections and flushing logs on a loaded machine. */
const SLACK_MS = 20_000;

/**
 * SIGTERM ends a worker within its shutdown budget in every state while its store is gone:
 * started while the store is unreachable, idle, or with a handler running. An idle worker does not
 * wait out the budget (nothing is in hand), a busy one lets go of its message when the budget is
 * spent. Poll-based: the only time bound is "exited before the budget plus generous slack".
 */
describe('worker process when its store goes away', () => {
  jest.setTimeout(120_000);
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    await killStrayProcesses();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const worker = (
    dsn: string,
    budgetS: number,
    extra: Record<string, string> = {},
    args: string[] = [],
  ): CliProcess =>
    startCli(['worker', '--shutdown-timeout', String(budgetS), ...args], {
      SYMPHONY_TRANSPORT_DSN: dsn,
      SYMPHONY_REDIS_PREFIX: uniquePrefix(),
      SYMPHONY_APP: APP,
      SYMPHONY_AUTO_MIGRATE: 'true',
      LOG_LEVEL: 'info',
      ...extra,
    });

  const stopped = (cli: CliProcess) => cli.logs.find((l) => l.msg === 'worker stopped');

  /** SIGTERM, then the exit within budget + slack, by itself (code 0, no signal). */
  const terminate = async (cli: CliProcess, budgetS: number) => {
    cli.child.kill('SIGTERM');
    const exit = await cli.waitForExit(budgetS * 1000 + SLACK_MS);
    // on a wrong exit, what the worker printed says why
    const printed = exit.code === 0 ? '' : `${cli.stderr}\n${cli.stdout}`;
    expect({ ...exit, printed }).toEqual({ code: 0, signal: null, printed: '' });
  };

  describe.each(['redis', 'postgres'] as const)('on %s', (store) => {
    /** A private server this test may stop; `stop` takes it away as a crash or shutdown would. */
    const privateStore = async () => {
      if (store === 'redis') {
        const redis = await startRedis();
        const stop = async () => {
          if (redis.process.exitCode !== null || redis.process.signalCode !== null) return;
          const gone = new Promise((resolve) => redis.process.once('exit', resolve));
          redis.process.kill('SIGKILL');
          await gone;
        };
        cleanups.push(stop);
        return { dsn: redis.url, prefix: uniquePrefix(), stop };
      }
      const pg = await startPostgres();
      const stop = () => stopPostgres(pg);
      cleanups.push(stop);
      return { dsn: `${pg.url}?schema=t_${uniquePrefix().slice(2)}`, prefix: uniquePrefix(), stop };
    };

    const startWorker = (target: { dsn: string; prefix: string }, budgetS: number) =>
      worker(target.dsn, budgetS, { SYMPHONY_REDIS_PREFIX: target.prefix });

    it.each([
      ['at once', 0],
      // BullMQ's blocking fetch gives up after 5 s and queues the next one for the reconnect:
      // that queued fetch is what an idle worker's close used to wait on for the whole budget
      ['after a long outage', 7000],
    ])(
      'an idle worker stopped %s exits on SIGTERM without waiting out its budget',
      async (_when, outageMs) => {
        const target = await privateStore();
        const cli = startWorker(target, 60);
        await cli.waitForLog((l) => l.msg === 'worker started', 60_000);
        await target.stop();
        await cli.waitForLog(
          (l) => l.msg === 'store unreachable: the worker waits for it and resumes by itself',
        );
        await new Promise((resolve) => setTimeout(resolve, outageMs));

        await terminate(cli, 60);
        expect(stopped(cli)).toMatchObject({ reason: 'signal', processed: 0, forced: false });
      },
    );

    it('a busy worker lets go of its message when the budget is spent, and exits', async () => {
      const target = await privateStore();
      const cli = startWorker(target, 2);
      await cli.waitForLog((l) => l.msg === 'worker started', 60_000);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-busy-'));
      cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
      const file = path.join(dir, 'work.log');
      const bus = createSymphony(
        slowApp,
        defaultConfig({ defaultDsn: target.dsn, redisPrefix: target.prefix, autoMigrate: true }),
        { logger: createLogger('silent') },
      );
      try {
        await bus.dispatch(slowWork, { file, ms: 60_000 });
      } finally {
        await bus.close();
      }
      await eventually(
        () => startsIn(file),
        (n) => n === 1,
        60_000,
      );
      await target.stop();

      await terminate(cli, 2);
      expect(stopped(cli)).toMatchObject({ reason: 'signal', forced: true });
    });
  });

  const unreachable = {
    redis: (port: number) => `redis://127.0.0.1:${port}`,
    postgres: (port: number) => `postgres://postgres:x@127.0.0.1:${port}/postgres`,
  };

  it.each(['redis', 'postgres'] as const)(
    'a worker started while %s is unreachable waits for it, and ends on SIGTERM',
    async (store) => {
      const cli = worker(unreachable[store](await freePort()), 5, { SYMPHONY_STORE_TIMEOUT_MS: '200' });
      // the schedule sync on start waits for the store, and says so
      await cli.waitForLog((l) => l.msg === 'store unreachable: schedules not synced yet, retrying', 60_000);

      await terminate(cli, 5);
      expect(stopped(cli)).toMatchObject({ reason: 'signal', processed: 0, forced: false });
    },
  );

  it.each(['redis', 'postgres'] as const)(
    'a worker on %s without the schedule sync also waits for an unreachable store',
    async (store) => {
      const cli = worker(unreachable[store](await freePort()), 5, {}, ['--no-schedule-sync']);
      await cli.waitForLog((l) => l.msg === 'worker starting', 60_000);
      // its consumers wait for the store (they used to fail their first connect and exit 1)
      await terminate(cli, 5);
    },
  );

  it.each([[], ['--no-schedule-sync']])(
    'a worker started while Redis is unreachable starts consuming once Redis answers (%j)',
    async (...args: string[]) => {
      const port = await freePort();
      const cli = worker(`redis://127.0.0.1:${port}`, 5, { SYMPHONY_STORE_TIMEOUT_MS: '200' }, args);
      await cli.waitForLog((l) => l.msg === 'worker starting', 60_000);
      await new Promise((resolve) => setTimeout(resolve, 500)); // it tries, and fails, to connect
      const redis = await RedisProcess.start(['--save', '', '--appendonly', 'no'], { port });
      cleanups.push(() => redis.stop());

      await cli.waitForLog((l) => l.msg === 'worker started', 60_000);
      await terminate(cli, 5);
    },
  );
});
