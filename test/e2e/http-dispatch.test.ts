import request from 'supertest';
import { bearer, closeHttpTestSystems, httpTestSystem } from '../helpers/http';
import { httpApp } from '../fixtures/http-app';

afterEach(closeHttpTestSystems);

const mailBody = (to = 'ada@example.com') => ({ type: 'mail.send', body: { to, subject: 'Hi' } });
const waitingIn = async (system: ReturnType<typeof httpTestSystem>) => {
  const stats = await system.symphony.stats();
  return Object.values(stats).reduce((sum, c) => sum + c.waiting + c.prioritized + c.delayed, 0);
};

describe('POST /api/symphony/dispatch', () => {
  it('stores a valid message and answers 202 with its id and queue', async () => {
    const system = httpTestSystem(httpApp());
    const res = await request(system.http.app)
      .post('/api/symphony/dispatch')
      .set(bearer('dispatcher'))
      .send({ ...mailBody(), options: { priority: 'high', delay: 60_000 } })
      .expect(202);
    expect(res.body).toEqual({ id: expect.any(String), queue: 'mail', deduplicated: false });
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect((await system.symphony.stats(['mail'])).mail!.delayed).toBe(1);
  });

  it('still reads the body under its deprecated name `payload`', async () => {
    const system = httpTestSystem(httpApp());
    const { body: mail } = mailBody('old@example.com');
    const one = await request(system.http.app)
      .post('/api/symphony/dispatch')
      .set(bearer('dispatcher'))
      .send({ type: 'mail.send', payload: mail })
      .expect(202);
    const batch = await request(system.http.app)
      .post('/api/symphony/dispatch/batch')
      .set(bearer('dispatcher'))
      .send({ messages: [{ type: 'mail.send', payload: mail }, mailBody()] })
      .expect(202);
    const stored = async (id: string) =>
      (await request(system.http.app).get(`/api/symphony/messages/${id}`).set(bearer('viewer')).expect(200))
        .body.envelope.body;
    expect(await stored(one.body.id)).toEqual(mail);
    expect(await stored(batch.body.results[0].id)).toEqual(mail);
  });

  it('reports a duplicate by idempotency key with the id it kept', async () => {
    const system = httpTestSystem(httpApp());
    const send = () =>
      request(system.http.app)
        .post('/api/symphony/dispatch')
        .set(bearer('admin'))
        .send({ ...mailBody(), options: { idempotencyKey: 'welcome-ada' } })
        .expect(202);
    const first = await send();
    const second = await send();
    expect(second.body).toEqual({
      id: expect.any(String),
      queue: 'mail',
      deduplicated: true,
      existingId: first.body.id,
    });
  });

  it('reports the waiting message a debounce replaced', async () => {
    const system = httpTestSystem(httpApp());
    const send = () =>
      request(system.http.app)
        .post('/api/symphony/dispatch')
        .set(bearer('dispatcher'))
        .send({
          ...mailBody(),
          options: { idempotencyKey: 'digest-ada', idempotencyMode: 'debounce', windowMs: 60_000 },
        })
        .expect(202);
    const first = await send();
    const second = await send();
    expect(first.body).not.toHaveProperty('replacedId');
    expect(second.body).toEqual({
      id: expect.any(String),
      queue: 'mail',
      deduplicated: false,
      replacedId: first.body.id,
    });
  });

  it('keeps a request id the caller sent when it is safe to echo', async () => {
    const system = httpTestSystem(httpApp());
    const ok = await request(system.http.app).get('/healthz').set('X-Request-Id', 'trace-42.abc').expect(200);
    expect(ok.headers['x-request-id']).toBe('trace-42.abc');
    const replaced = await request(system.http.app)
      .get('/healthz')
      .set('X-Request-Id', 'bad id with spaces')
      .expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['malformed JSON', '{"type": "mail.send",', 400, 'MALFORMED_JSON', undefined],
    ['a JSON string instead of an object', '"hello"', 400, 'MALFORMED_JSON', undefined],
    ['a type that is not a string', { type: 42, body: {} }, 400, 'VALIDATION_FAILED', 'type'],
    [
      'a body of the wrong shape',
      { type: 'mail.send', body: { to: 'nope', subject: 7 } },
      400,
      'VALIDATION_FAILED',
      'body.to',
    ],
    [
      'a body of the wrong shape under its deprecated name',
      { type: 'mail.send', payload: { to: 'nope', subject: 'Hi' } },
      400,
      'VALIDATION_FAILED',
      'payload.to',
    ],
    ['a missing body', { type: 'mail.send' }, 400, 'VALIDATION_FAILED', 'body'],
    [
      'both body and payload',
      { ...mailBody(), payload: { to: 'ada@example.com', subject: 'Hi' } },
      400,
      'VALIDATION_FAILED',
      'payload',
    ],
    ['an unknown type', { type: 'mail.unknown', body: {} }, 400, 'UNKNOWN_TYPE', 'type'],
    [
      'a bad priority name',
      { ...mailBody(), options: { priority: 'urgent' } },
      400,
      'VALIDATION_FAILED',
      'options.priority',
    ],
    [
      'a priority of 0',
      { ...mailBody(), options: { priority: 0 } },
      400,
      'VALIDATION_FAILED',
      'options.priority',
    ],
    [
      'a negative delay',
      { ...mailBody(), options: { delay: -1 } },
      400,
      'VALIDATION_FAILED',
      'options.delay',
    ],
    [
      'a fractional delay',
      { ...mailBody(), options: { delay: 1.5 } },
      400,
      'VALIDATION_FAILED',
      'options.delay',
    ],
    [
      'delay and availableAt together',
      { ...mailBody(), options: { delay: 1, availableAt: 5 } },
      400,
      'VALIDATION_FAILED',
      'options.availableAt',
    ],
    [
      'an unknown option',
      { ...mailBody(), options: { retries: 3 } },
      400,
      'VALIDATION_FAILED',
      'options.retries',
    ],
    ['an unknown top-level field', { ...mailBody(), extra: true }, 400, 'VALIDATION_FAILED', 'extra'],
    [
      'an undeclared queue',
      { ...mailBody(), options: { queue: 'nowhere' } },
      400,
      'VALIDATION_FAILED',
      'options.queue',
    ],
  ])(
    'refuses %s with the status and code of the table, storing nothing',
    async (_label, body, status, code, path) => {
      const system = httpTestSystem(httpApp());
      const res = await request(system.http.app)
        .post('/api/symphony/dispatch')
        .set(bearer('admin'))
        .set('Content-Type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body))
        .expect(status);
      expect(res.body.error.code).toBe(code);
      expect(typeof res.body.error.message).toBe('string');
      if (path)
        expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
      expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
      expect(await waitingIn(system)).toBe(0);
    },
  );

  it('refuses a body over 256 KB with 413 PAYLOAD_TOO_LARGE', async () => {
    const system = httpTestSystem(httpApp());
    const subject = 'x'.repeat(256 * 1024);
    const res = await request(system.http.app)
      .post('/api/symphony/dispatch')
      .set(bearer('admin'))
      .send({ type: 'mail.send', body: { to: 'ada@example.com', subject } })
      .expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await waitingIn(system)).toBe(0);
  });

  it('refuses a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const system = httpTestSystem(httpApp());
    const res = await request(system.http.app)
      .post('/api/symphony/dispatch')
      .set(bearer('admin'))
      .type('form')
      .send('type=mail.send')
      .expect(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an unexpected error with 500 INTERNAL, no detail, and logs it with the request id', async () => {
    const system = httpTestSystem(httpApp());
    const res = await request(system.http.app)
      .post('/api/symphony/dispatch')
      .set(bearer('admin'))
      .send({ type: 'tick.count', body: { n: -666 } })
      .expect(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toContain('secret internal detail');
    const line = system.logs.find((l) => l.msg === 'request failed');
    expect(line).toMatchObject({ requestId: res.headers['x-request-id'], status: 500 });
  });

  it('limits dispatches per token with 429 RATE_LIMITED and Retry-After', async () => {
    const system = httpTestSystem(httpApp(), { http: { dispatchRateLimit: { max: 2, windowMs: 60_000 } } });
    const send = (who: 'admin' | 'dispatcher') =>
      request(system.http.app).post('/api/symphony/dispatch').set(bearer(who)).send(mailBody());
    expect((await send('dispatcher')).status).toBe(202);
    expect((await send('dispatcher')).status).toBe(202);
    const limited = await send('dispatcher');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await send('admin')).status).toBe(202); // another token has its own budget
    expect((await system.symphony.stats(['mail'])).mail!.prioritized).toBe(3);
  });
});

describe('POST /api/symphony/dispatch/batch', () => {
  it('stores every message and answers one result per message, in order', async () => {
    const system = httpTestSystem(httpApp());
    const res = await request(system.http.app)
      .post('/api/symphony/dispatch/batch')
      .set(bearer('dispatcher'))
      .send({
        messages: [
          mailBody('a@example.com'),
          { type: 'tick.count', body: { n: 1 } },
          mailBody('b@example.com'),
        ],
      })
      .expect(202);
    expect(res.body.results.map((r: { queue: string }) => r.queue)).toEqual(['mail', 'ticks', 'mail']);
    expect(await waitingIn(system)).toBe(3);
  });

  it('reports per message the waiting message a debounce replaced', async () => {
    // The in-memory transport reports replacements in a batch too.
    const system = httpTestSystem(httpApp(), { config: { defaultDsn: 'memory://' } });
    const debounced = {
      ...mailBody(),
      options: { idempotencyKey: 'digest-ada', idempotencyMode: 'debounce', windowMs: 60_000 },
    };
    const first = await request(system.http.app)
      .post('/api/symphony/dispatch')
      .set(bearer('dispatcher'))
      .send(debounced)
      .expect(202);
    const res = await request(system.http.app)
      .post('/api/symphony/dispatch/batch')
      .set(bearer('dispatcher'))
      .send({ messages: [debounced, { type: 'tick.count', body: { n: 1 } }] })
      .expect(202);
    expect(res.body.results).toEqual([
      { id: expect.any(String), queue: 'mail', deduplicated: false, replacedId: first.body.id },
      { id: expect.any(String), queue: 'ticks', deduplicated: false },
    ]);
  });

  it('stores nothing when one message is invalid and names it by index', async () => {
    const system = httpTestSystem(httpApp());
    const res = await request(system.http.app)
      .post('/api/symphony/dispatch/batch')
      .set(bearer('admin'))
      .send({ messages: [mailBody(), { type: 'mail.send', body: { to: 'x', subject: 'Hi' } }] })
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'messages.1.body.to' }],
    });
    expect(await waitingIn(system)).toBe(0);
  });

  it.each([
    [
      'an unknown type',
      { messages: [mailBody(), { type: 'nope.nope', body: {} }] },
      'UNKNOWN_TYPE',
      'messages.1.type',
    ],
    [
      'a bad priority',
      { messages: [{ ...mailBody(), options: { priority: 'asap' } }] },
      'VALIDATION_FAILED',
      'messages.0.options.priority',
    ],
    [
      'a negative delay',
      { messages: [{ ...mailBody(), options: { delay: -5 } }] },
      'VALIDATION_FAILED',
      'messages.0.options.delay',
    ],
    ['an empty list', { messages: [] }, 'VALIDATION_FAILED', 'messages'],
    ['messages that are not a list', { messages: 'many' }, 'VALIDATION_FAILED', 'messages'],
  ])('refuses %s with 400', async (_label, body, code, path) => {
    const system = httpTestSystem(httpApp());
    const res = await request(system.http.app)
      .post('/api/symphony/dispatch/batch')
      .set(bearer('admin'))
      .send(body)
      .expect(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(await waitingIn(system)).toBe(0);
  });

  it('accepts 1,000 messages and refuses 1,001 with 400 BATCH_TOO_LARGE', async () => {
    const system = httpTestSystem(httpApp());
    const batch = (n: number) => ({
      messages: Array.from({ length: n }, (_, i) => ({ type: 'tick.count', body: { n: i } })),
    });
    const tooMany = await request(system.http.app)
      .post('/api/symphony/dispatch/batch')
      .set(bearer('admin'))
      .send(batch(1001))
      .expect(400);
    expect(tooMany.body.error.code).toBe('BATCH_TOO_LARGE');
    expect(await waitingIn(system)).toBe(0);
    const ok = await request(system.http.app)
      .post('/api/symphony/dispatch/batch')
      .set(bearer('admin'))
      .send(batch(1000))
      .expect(202);
    expect(ok.body.results).toHaveLength(1000);
    expect(await waitingIn(system)).toBe(1000);
  });
});
