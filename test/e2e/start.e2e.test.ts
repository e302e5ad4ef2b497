import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import packageJson from '../../package.json';
import { eventually, redisUrl, uniquePrefix } from '../helpers/bus';
import { TOKENS } from '../helpers/http';
import { freePort } from '../helpers/servers';

const root = path.resolve(__dirname, '../..');

/** `npm start`'s command line (after the shell's `exec`), run without npm so signals reach the process directly. */
function startScript(): string[] {
  const [binary, ...args] = packageJson.scripts.start.replace(/^exec /, '').split(' ');
  expect(binary).toBe('node');
  return args;
}

describe('`npm start`: the whole system in one process', () => {
  let child: ChildProcess | undefined;
  let output = '';

  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  });

  it('serves the API, handles over HTTP-dispatched messages, counts them, and retries a failed one', async () => {
    const port = await freePort();
    child = spawn(process.execPath, startScript(), {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        SYMPHONY_TRANSPORT_DSN: redisUrl(),
        SYMPHONY_REDIS_PREFIX: uniquePrefix(),
        SYMPHONY_APP: path.join(root, 'test/fixtures/http-app.ts'),
        SYMPHONY_HTTP_HOST: '127.0.0.1',
        SYMPHONY_HTTP_PORT: String(port),
        SYMPHONY_ADMIN_TOKENS: TOKENS.admin,
        SYMPHONY_VIEWER_TOKENS: TOKENS.viewer,
        SYMPHONY_METRICS_SAMPLE_MS: '200',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const api = request(`http://127.0.0.1:${port}`);
    const admin = { Authorization: `Bearer ${TOKENS.admin}` };
    const viewer = { Authorization: `Bearer ${TOKENS.viewer}` };
    const metrics = async () => (await api.get('/metrics').set(viewer)).text;

    try {
      await eventually(
        () =>
          api.get('/healthz').then(
            (r) => r.status,
            () => 0,
          ),
        (status) => status === 200,
        30_000,
      );
      await api.get('/readyz').expect(200);
      // The declared schedules were synced at start.
      const schedules = await api.get('/api/symphony/schedules').set(viewer).expect(200);
      expect(schedules.body.schedules).toEqual([expect.objectContaining({ id: 'nightly', origin: 'code' })]);

      await api
        .post('/api/symphony/dispatch')
        .set(admin)
        .send({ type: 'tick.count', body: { n: 1 } })
        .expect(202);
      await eventually(metrics, (text) =>
        text.includes('symphony_messages_handled_total{type="tick.count",queue="ticks",outcome="handled"} 1'),
      );
      expect(await metrics()).toContain(
        'symphony_messages_dispatched_total{type="tick.count",queue="ticks"} 1',
      );
      expect(await metrics()).toContain('process_resident_memory_bytes');

      const failing = await api
        .post('/api/symphony/dispatch')
        .set(admin)
        .send({ type: 'mail.send', body: { to: 'full@example.com', subject: 'Hi', fail: true } })
        .expect(202);
      const id: string = failing.body.id;
      const listed = await eventually(
        async () => (await api.get('/api/symphony/failed?queue=mail').set(viewer)).body,
        (body) => body.items?.length === 1,
      );
      expect(listed.items[0]).toMatchObject({
        id,
        type: 'mail.send',
        error: { message: expect.stringContaining('mailbox of full@example.com is full') },
      });
      await eventually(metrics, (text) =>
        text.includes('symphony_queue_depth{queue="mail",state="failed"} 1'),
      );

      await api
        .post(`/api/symphony/failed/${id}/retry`)
        .set(admin)
        .expect(200, { id, queue: 'mail', retried: true });
      // Handled again by the worker (and, since the mailbox is still full, failed again).
      await eventually(metrics, (text) =>
        text.includes('symphony_messages_failed_total{type="mail.send",queue="mail"} 2'),
      );

      const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('worker stopped');
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- symphony start output ---\n${output}`, {
        cause: error,
      });
    }
  }, 60_000);
});
