import request from 'supertest';
import { buildOpenApi } from '../../src/http/openapi';
import { httpApp } from '../fixtures/http-app';
import { bearer, closeHttpTestSystems, httpTestSystem } from '../helpers/http';

afterEach(closeHttpTestSystems);

const admin = bearer('admin');
const viewer = bearer('viewer');

/** Three mails (the second fails), one tick handled, one tick delayed for an hour. */
async function seeded() {
  const system = httpTestSystem(httpApp());
  const app = system.http.app;
  const dispatch = async (body: object) =>
    (await request(app).post('/api/symphony/dispatch').set(admin).send(body).expect(202)).body.id as string;
  const mails = [
    await dispatch({ type: 'mail.send', body: { to: 'ann@example.com', subject: 'Welcome aboard' } }),
    await dispatch({ type: 'mail.send', body: { to: 'bob@example.com', subject: 'Invoice', fail: true } }),
    await dispatch({
      type: 'mail.send',
      body: { to: 'cy@example.com', subject: 'Receipt' },
      options: { idempotencyKey: 'order-42', correlationId: 'checkout-7' },
    }),
  ];
  const tick = await dispatch({ type: 'tick.count', body: { n: 1 } });
  await request(app).post('/api/symphony/consume').set(admin).send({}).expect(200);
  const delayed = await dispatch({ type: 'tick.count', body: { n: 2 }, options: { delay: 3_600_000 } });
  return { system, app, mails, tick, delayed };
}

const ids = (res: request.Response): string[] => res.body.items.map((m: { id: string }) => m.id).sort();

describe('GET /api/symphony/messages', () => {
  it('finds by id, type, state, keys, text and time; pages with a cursor', async () => {
    const { app, mails, tick, delayed } = await seeded();
    const get = (query: string) => request(app).get(`/api/symphony/messages${query}`).set(viewer).expect(200);

    const byId = await get(`?id=${mails[1]}`);
    expect(byId.body).toMatchObject({
      complete: true,
      items: [{ id: mails[1], queue: 'mail', state: 'failed' }],
    });
    expect(byId.body.items[0].error).toContain('is full');
    expect(ids(await get('?type=tick.*'))).toEqual([tick, delayed].sort());
    expect(ids(await get('?state=failed,delayed'))).toEqual([mails[1], delayed].sort());
    expect(ids(await get('?queue=mail&state=completed'))).toEqual([mails[0], mails[2]].sort());
    expect(ids(await get('?idempotencyKey=order-42'))).toEqual([mails[2]]);
    expect(ids(await get('?correlationId=checkout-7'))).toEqual([mails[2]]);
    expect(ids(await get('?text=welcome'))).toEqual([mails[0]]);
    expect(ids(await get(`?since=${Date.now() + 60_000}`))).toEqual([]);
    expect(ids(await get(`?until=${new Date(Date.now() + 60_000).toISOString()}`))).toHaveLength(5);

    const first = await get('?limit=2');
    expect(first.body).toMatchObject({ complete: false, cursor: expect.any(String) });
    expect(first.body.scanned).toBeGreaterThanOrEqual(2);
    const rest = await get(`?limit=10&cursor=${encodeURIComponent(first.body.cursor)}`);
    expect(rest.body.complete).toBe(true);
    expect([...ids(first), ...ids(rest)].sort()).toEqual([...mails, tick, delayed].sort());
  });

  it('answers field-level 400s for bad filters and an unknown queue', async () => {
    const { app } = await seeded();
    const bad = await request(app)
      .get('/api/symphony/messages?state=lost&limit=0&since=yesterday&color=red')
      .set(viewer)
      .expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const paths = bad.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['query.color', 'query.limit', 'query.since', 'query.state.0']);
    const queue = await request(app).get('/api/symphony/messages?queue=nope').set(viewer).expect(400);
    expect(queue.body.error.details).toEqual([
      { path: 'queue', message: expect.stringContaining('known queues') },
    ]);
    const cursor = await request(app).get('/api/symphony/messages?cursor=abc').set(viewer).expect(400);
    expect(cursor.body.error.details).toEqual([{ path: 'cursor', message: expect.any(String) }]);
  });
});

describe('GET /api/symphony/messages/:id and actions', () => {
  it('shows a message with attempts, timeline and actions; 404 for an unknown id', async () => {
    const { app, mails } = await seeded();
    const shown = await request(app).get(`/api/symphony/messages/${mails[1]}`).set(viewer).expect(200);
    expect(shown.body).toMatchObject({
      id: mails[1],
      state: 'failed',
      envelope: { body: { to: 'bob@example.com' } },
      attempts: [{ attempt: 1, outcome: 'failed', error: { message: expect.stringContaining('is full') } }],
      actions: [{ action: 'retry' }, { action: 'remove' }],
    });
    expect(shown.body.attempts[0].error.stack).toContain('is full'); // the handler's stack: stored data
    expect(shown.body.timeline.map((e: { event: string }) => e.event)).toEqual([
      'dispatched',
      'started',
      'attempt-failed',
      'failed',
    ]);
    const missing = await request(app).get('/api/symphony/messages/nope').set(viewer).expect(404);
    expect(missing.body.error.code).toBe('MESSAGE_NOT_FOUND');
    await request(app).get(`/api/symphony/messages/${mails[1]}?queue=ticks`).set(viewer).expect(404);
  });

  it('retries, promotes and removes for an admin; a viewer and a dispatcher are refused', async () => {
    const { system, app, mails, delayed } = await seeded();
    for (const who of ['viewer', 'dispatcher'] as const) {
      await request(app).post(`/api/symphony/messages/${mails[1]}/retry`).set(bearer(who)).expect(403);
      await request(app).delete(`/api/symphony/messages/${mails[0]}`).set(bearer(who)).expect(403);
    }
    await request(app).get('/api/symphony/messages').set(bearer('dispatcher')).expect(403);

    await request(app)
      .post(`/api/symphony/messages/${mails[1]}/retry`)
      .set(admin)
      .expect(200, { id: mails[1], queue: 'mail', action: 'retry' });
    const again = await request(app).post(`/api/symphony/messages/${mails[1]}/retry`).set(admin).expect(409);
    expect(again.body.error.code).toBe('MESSAGE_STATE_CONFLICT');
    await request(app).post(`/api/symphony/messages/${mails[0]}/promote`).set(admin).expect(409);
    await request(app)
      .post(`/api/symphony/messages/${delayed}/promote?queue=ticks`)
      .set(admin)
      .expect(200, { id: delayed, queue: 'ticks', action: 'promote' });
    await request(app)
      .delete(`/api/symphony/messages/${mails[0]}`)
      .set(admin)
      .expect(200, { id: mails[0], queue: 'mail', action: 'remove' });
    await request(app).delete(`/api/symphony/messages/${mails[0]}`).set(admin).expect(404);
    const stats = await system.symphony.stats();
    expect(stats.ticks!.delayed).toBe(0);
    expect(stats.mail!.failed).toBe(0);
  });

  it('is in the OpenAPI document with its roles and schemas', () => {
    const doc = buildOpenApi(httpTestSystem(httpApp()).symphony.catalog) as {
      paths: Record<string, Record<string, { 'x-symphony-roles': string[]; parameters: { name: string }[] }>>;
      components: { schemas: Record<string, unknown> };
    };
    const search = doc.paths['/api/symphony/messages']!.get!;
    expect(search['x-symphony-roles']).toEqual(['admin', 'viewer']);
    expect(search.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['id', 'type', 'queue', 'state', 'since', 'until', 'text', 'cursor', 'limit']),
    );
    expect(doc.paths['/api/symphony/messages/{id}']!.delete!['x-symphony-roles']).toEqual(['admin']);
    expect(doc.paths['/api/symphony/messages/{id}/promote']!.post).toBeDefined();
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['MessagePage', 'MessageSummary', 'MessageDetail', 'MessageActionResult']),
    );
  });
});
