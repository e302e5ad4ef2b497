import request from 'supertest';
import { eventually } from '../helpers/bus';
import { bearer, closeHttpTestSystems, httpTestSystem } from '../helpers/http';
import { RedisProcess } from '../helpers/redis-process';
import { httpApp } from '../fixtures/http-app';

const admin = bearer('admin');
const tick = (n: number, idempotencyKey?: string) => ({
  type: 'tick.count',
  body: { n },
  ...(idempotencyKey ? { options: { idempotencyKey } } : {}),
});

/**
 * The API with its Redis gone: every route that needs the store answers within
 * SYMPHONY_STORE_TIMEOUT_MS with 503, Retry-After and the code, and what it refused is not stored
 * when Redis returns. A timeout after sending (Redis frozen) is ambiguous: the retry with the same
 * idempotency key is what makes it safe.
 */
describe('HTTP API when Redis is gone', () => {
  jest.setTimeout(60_000);
  let redis: RedisProcess | undefined;
  afterEach(async () => {
    if (redis?.pid) process.kill(redis.pid, 'SIGCONT');
    await closeHttpTestSystems();
    await redis?.stop();
    redis = undefined;
  });

  const system = async () => {
    redis = await RedisProcess.start(['--appendonly', 'yes', '--appendfsync', 'always', '--save', '']);
    return httpTestSystem(httpApp(), { config: { defaultDsn: redis.url, storeTimeoutMs: 2000 } });
  };
  const stored = async (s: Awaited<ReturnType<typeof system>>) => {
    const { waiting, prioritized } = (await s.symphony.stats(['ticks'])).ticks!;
    return waiting + prioritized;
  };

  it('answers 503 with Retry-After and TRANSPORT_UNAVAILABLE, and stores nothing it refused', async () => {
    const s = await system();
    const api = () => request(s.http.app);
    await api().post('/api/symphony/dispatch').set(admin).send(tick(1)).expect(202);
    await redis!.kill('SIGKILL');

    const refused = await api().post('/api/symphony/dispatch').set(admin).send(tick(2));
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.body.error).toMatchObject({ code: 'TRANSPORT_UNAVAILABLE' });
    const batch = await api()
      .post('/api/symphony/dispatch/batch')
      .set(admin)
      .send({ messages: [tick(3)] });
    expect(batch.status).toBe(503);
    const status = await api().get('/api/symphony/status').set(admin);
    expect([status.status, status.body.error?.code]).toEqual([503, 'TRANSPORT_UNAVAILABLE']);
    const ready = await api().get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error.details).toEqual([{ path: 'redis:mail,ticks', message: 'unreachable' }]);

    await redis!.launch();
    await eventually(
      async () => (await api().post('/api/symphony/dispatch').set(admin).send(tick(4))).status === 202,
      Boolean,
      30_000,
    );
    expect(await stored(s)).toBe(2); // n = 1 and n = 4
  });

  it('a timeout after sending is ambiguous: a retry with the same idempotency key stores the message once', async () => {
    const s = await system();
    const api = () => request(s.http.app);
    await api().post('/api/symphony/dispatch').set(admin).send(tick(0)).expect(202);
    process.kill(redis!.pid!, 'SIGSTOP'); // connected, but no reply comes

    const timedOut = await api().post('/api/symphony/dispatch').set(admin).send(tick(1, 'order-42'));
    expect(timedOut.status).toBe(503);
    expect(timedOut.body.error.message).toMatch(/may or may not/);

    process.kill(redis!.pid!, 'SIGCONT'); // Redis runs what it had received
    const retried = await eventually(
      () => api().post('/api/symphony/dispatch').set(admin).send(tick(1, 'order-42')),
      (res) => res.status === 202,
      30_000,
    );
    expect(retried.body.deduplicated).toBe(true);
    expect(await stored(s)).toBe(2); // n = 0, and n = 1 once
  });
});
