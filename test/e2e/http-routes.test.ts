import request from 'supertest';
import { eventually, testBus } from '../helpers/bus';
import { freePort } from '../helpers/servers';
import { bearer, closeHttpTestSystems, httpTestSystem, type HttpTestSystem } from '../helpers/http';
import { httpApp, type HttpAppState } from '../fixtures/http-app';
import { createHttpApp } from '../../src/http/app';
import { createMetrics } from '../../src/metrics/registry';
import { createLogger } from '../../src/logger';
import { tokenConfig } from '../helpers/http';

afterEach(closeHttpTestSystems);

const admin = bearer('admin');
const dispatch = (system: HttpTestSystem, body: object, type = 'mail.send') =>
  request(system.http.app).post('/api/symphony/dispatch').set(admin).send({ type, body }).expect(202);

describe('POST /api/symphony/consume', () => {
  it('handles what is ready and reports processed, failed and remaining', async () => {
    const state: HttpAppState = { handled: [] };
    const system = httpTestSystem(httpApp(state));
    await dispatch(system, { n: 1 }, 'tick.count');
    await dispatch(system, { n: 2 }, 'tick.count');
    await dispatch(system, { to: 'x@example.com', subject: 'Hi', fail: true });
    const res = await request(system.http.app)
      .post('/api/symphony/consume')
      .set(admin)
      .send({ limit: 10 })
      .expect(200);
    expect(res.body).toEqual({ processed: 3, failed: 1, remaining: 0 });
    expect(state.handled.sort()).toEqual(['tick:1', 'tick:2']);
  });

  it('accepts an empty request (every queue, default limits)', async () => {
    const system = httpTestSystem(httpApp());
    const res = await request(system.http.app).post('/api/symphony/consume').set(admin).expect(200);
    expect(res.body).toEqual({ processed: 0, failed: 0, remaining: 0 });
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ timeLimitMs: -1 }, 'timeLimitMs'],
    [{ queues: ['mail', 'nowhere'] }, 'queues.1'],
    [{ queues: [] }, 'queues'],
  ])('refuses %j with 400 VALIDATION_FAILED', async (body, path) => {
    const system = httpTestSystem(httpApp());
    const res = await request(system.http.app)
      .post('/api/symphony/consume')
      .set(admin)
      .send(body)
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path })],
    });
  });
});

describe('GET /api/symphony/status', () => {
  it('shows counts, runtime settings, workers and per-minute throughput per queue', async () => {
    const system = httpTestSystem(httpApp());
    await dispatch(system, { n: 1 }, 'tick.count');
    await request(system.http.app).post('/api/symphony/consume').set(admin).send({}).expect(200);
    const res = await request(system.http.app).get('/api/symphony/status').set(bearer('viewer')).expect(200);
    expect(Object.keys(res.body.queues)).toEqual(['mail', 'ticks']);
    expect(res.body.queues.ticks).toMatchObject({
      transport: 'redis',
      counts: { completed: 1, failed: 0, waiting: 0 },
      paused: false,
      concurrency: null,
      rateLimit: null,
      workers: expect.any(Number),
    });
    expect(res.body.queues.ticks.perMinute.completed).toHaveLength(60);
    expect(res.body.queues.ticks.perMinute.failed).toHaveLength(60);
  });
});

describe('queues: pause, resume, patch', () => {
  it('pauses and resumes a queue and sets global concurrency and rate limit', async () => {
    const system = httpTestSystem(httpApp());
    const app = system.http.app;
    expect(
      (await request(app).post('/api/symphony/queues/mail/pause').set(admin).expect(200)).body,
    ).toMatchObject({ queue: 'mail', paused: true });
    const paused = await request(app).get('/api/symphony/status').set(admin).expect(200);
    expect(paused.body.queues.mail.paused).toBe(true);
    expect(
      (await request(app).post('/api/symphony/queues/mail/resume').set(admin).expect(200)).body.paused,
    ).toBe(false);

    const patched = await request(app)
      .patch('/api/symphony/queues/mail')
      .set(admin)
      .send({ concurrency: 3, rateLimit: { max: 10, durationMs: 1000 } })
      .expect(200);
    expect(patched.body).toMatchObject({ concurrency: 3, rateLimit: { max: 10, durationMs: 1000 } });
    const cleared = await request(app)
      .patch('/api/symphony/queues/mail')
      .set(admin)
      .send({ concurrency: null, rateLimit: null })
      .expect(200);
    expect(cleared.body).toMatchObject({ concurrency: null, rateLimit: null });
  });

  it.each([
    [{}, ''],
    [{ concurrency: 0 }, 'concurrency'],
    [{ concurrency: '2' }, 'concurrency'],
    [{ rateLimit: { max: 10 } }, 'rateLimit.durationMs'],
    [{ paused: true }, 'paused'],
  ])('refuses the patch %j with 400 VALIDATION_FAILED', async (body, path) => {
    const system = httpTestSystem(httpApp());
    const res = await request(system.http.app)
      .patch('/api/symphony/queues/mail')
      .set(admin)
      .send(body)
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('answers 404 QUEUE_NOT_FOUND for an unknown queue', async () => {
    const system = httpTestSystem(httpApp());
    const res = await request(system.http.app)
      .post('/api/symphony/queues/nowhere/pause')
      .set(admin)
      .expect(404);
    expect(res.body.error.code).toBe('QUEUE_NOT_FOUND');
    await request(system.http.app)
      .patch('/api/symphony/queues/nowhere')
      .set(admin)
      .send({ concurrency: 1 })
      .expect(404);
  });
});

describe('health, readiness, metrics, OpenAPI, cron', () => {
  it('GET /healthz and /readyz answer without a token', async () => {
    const system = httpTestSystem(httpApp());
    await request(system.http.app).get('/healthz').expect(200, { status: 'ok' });
    const ready = await request(system.http.app).get('/readyz').expect(200);
    expect(ready.body).toEqual({
      status: 'ready',
      checks: [{ transport: 'redis', queues: ['mail', 'ticks'], ok: true }],
    });
  });

  it('GET /readyz answers 503 NOT_READY when Redis does not answer, without naming the host', async () => {
    const symphony = testBus(httpApp(), { defaultDsn: `redis://127.0.0.1:${await freePort()}` });
    const http = createHttpApp({
      symphony,
      config: tokenConfig(),
      logger: createLogger('silent'),
      metrics: createMetrics({ processMetrics: false }),
    });
    const res = await request(http.app).get('/readyz').expect(503);
    expect(res.body.error).toMatchObject({
      code: 'NOT_READY',
      details: [{ path: 'redis:mail,ticks', message: 'unreachable' }],
    });
    expect(JSON.stringify(res.body)).not.toContain('127.0.0.1');
    http.close();
  });

  it('GET /metrics exposes dispatch, outcome and queue-depth metrics in the Prometheus format', async () => {
    const system = httpTestSystem(httpApp());
    await dispatch(system, { n: 1 }, 'tick.count');
    await request(system.http.app).post('/api/symphony/consume').set(admin).send({}).expect(200);
    const res = await request(system.http.app).get('/metrics').set(bearer('viewer')).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('symphony_messages_dispatched_total{type="tick.count",queue="ticks"} 1');
    expect(res.text).toContain(
      'symphony_messages_handled_total{type="tick.count",queue="ticks",outcome="handled"} 1',
    );
    expect(res.text).toContain('symphony_message_wait_seconds_bucket');
  });

  it('GET /openapi.json is an OpenAPI 3.1 document with the request schemas and one body schema per type', async () => {
    const system = httpTestSystem(httpApp());
    const res = await request(system.http.app)
      .get('/api/symphony/openapi.json')
      .set(bearer('dispatcher'))
      .expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/symphony/dispatch', '/api/symphony/failed/{id}', '/metrics']),
    );
    const schemas = res.body.components.schemas;
    expect(schemas.BatchRequest.properties.messages).toMatchObject({ maxItems: 1000 });
    expect(schemas.DispatchRequest.properties.options.properties.delay).toMatchObject({ minimum: 0 });
    expect(schemas['Body.mail.send']).toMatchObject({ required: ['to', 'subject'] });
    expect(schemas.DispatchRequest.properties.payload).toMatchObject({ deprecated: true });
    expect(Object.keys(schemas.DispatchResult.properties)).toEqual(
      expect.arrayContaining(['existingId', 'replacedId']),
    );
    expect(res.body.paths['/api/symphony/dispatch'].post['x-symphony-roles']).toEqual([
      'admin',
      'dispatcher',
    ]);
    const schedulePut = res.body.paths['/api/symphony/schedules/{id}'].put.responses;
    expect(Object.keys(schedulePut)).toEqual(expect.arrayContaining(['200', '201', 'default']));
    const readyz = res.body.paths['/readyz'].get.responses;
    expect(Object.keys(readyz)).toEqual(expect.arrayContaining(['200', '503']));
    expect(readyz['503'].description).toMatch(/^NOT_READY/);
    expect(readyz['503'].content['application/json'].schema).toEqual(
      readyz.default.content['application/json'].schema,
    );
    // every $ref resolves
    const refs = [...JSON.stringify(res.body).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(refs.filter((r) => !schemas[r])).toEqual([]);
  });

  it('the cron worker route runs a consume pass with CRON_SECRET, by GET and by POST', async () => {
    const state: HttpAppState = { handled: [] };
    const system = httpTestSystem(httpApp(state));
    await dispatch(system, { n: 7 }, 'tick.count');
    const res = await request(system.http.app)
      .get('/api/cron/symphony-worker')
      .set(bearer('cron'))
      .expect(200);
    expect(res.body).toEqual({ processed: 1, failed: 0, remaining: 0 });
    await request(system.http.app).post('/api/cron/symphony-worker').set(bearer('cron')).expect(200);
    expect(state.handled).toEqual(['tick:7']);
  });

  it('eventually counts what a live worker handled', async () => {
    const system = httpTestSystem(httpApp());
    const consumer = system.symphony.consume('ticks');
    await dispatch(system, { n: 1 }, 'tick.count');
    await eventually(async () =>
      (await request(system.http.app).get('/metrics').set(admin)).text.includes('outcome="handled"} 1'),
    );
    await consumer.close();
  });
});
