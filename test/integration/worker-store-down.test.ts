import path from 'node:path';
import { killStrayProcesses, startCli } from '../fixtures/cli-process';
import { startRedis } from '../helpers/servers';
import { uniquePrefix } from '../helpers/bus';

const APP = path.resolve(__dirname, '../fixtures/slow-app.ts');

describe('worker process when its Redis goes away', () => {
  jest.setTimeout(60_000);
  afterEach(killStrayProcesses);

  it('still stops on SIGTERM within its budgets instead of hanging', async () => {
    const redis = await startRedis(); // private: this test kills it
    const cli = startCli(['worker', '--shutdown-timeout', '1'], {
      SYMPHONY_TRANSPORT_DSN: redis.url,
      SYMPHONY_REDIS_PREFIX: uniquePrefix(),
      SYMPHONY_APP: APP,
      LOG_LEVEL: 'info',
    });
    await cli.waitForLog((l) => l.msg === 'worker started');
    const gone = new Promise((resolve) => redis.process.once('exit', resolve));
    redis.process.kill('SIGKILL');
    await gone;
    cli.child.kill('SIGTERM');
    const exit = await cli.exited;
    expect(exit.signal).toBeNull(); // it exited by itself rather than being killed
    expect(exit.code).toBe(0);
  });
});
