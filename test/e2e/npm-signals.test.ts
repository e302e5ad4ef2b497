import { spawn } from 'node:child_process';
import path from 'node:path';
import { eventually, redisUrl, uniquePrefix } from '../helpers/bus';

const root = path.resolve(__dirname, '../..');

/**
 * Ctrl-C in a terminal sends SIGINT to the whole foreground group: npm and the process it runs,
 * and npm forwards it to that process once more. `npm start` and `npm run worker` must still stop
 * gracefully and exit 0 (npm reports 130 when its child dies of a signal).
 */
describe.each([['start'], ['run', 'worker']])('Ctrl-C on `npm %s`', (...npmArgs) => {
  it('stops gracefully and exits 0', async () => {
    const child = spawn('npm', [...npmArgs, '--', ...(npmArgs[0] === 'start' ? ['--port', '0'] : [])], {
      cwd: root,
      detached: true, // its own process group, as a terminal's foreground job
      env: {
        ...process.env,
        NODE_ENV: 'development', // the API starts without tokens on loopback in development only
        SYMPHONY_TRANSPORT_DSN: redisUrl(),
        SYMPHONY_REDIS_PREFIX: uniquePrefix(),
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await eventually(() => /"msg":"(symphony API listening|worker started)"/.test(output), Boolean, 90_000);
      process.kill(-child.pid!, 'SIGINT');
      expect(await exited).toBe(0);
      expect(output).toMatch(/"msg":"signal received/);
      if (npmArgs[0] === 'start') {
        expect(output).toMatch(
          /"msg":"ready in [\d.]+ s: API http:\/\/127\.0\.0\.1:\d+\/api\/symphony, admin UI .+\/admin, metrics .+\/metrics"/,
        );
      }
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
});
