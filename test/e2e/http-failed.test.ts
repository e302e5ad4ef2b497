import request from 'supertest';
import { bearer, closeHttpTestSystems, httpTestSystem, type HttpTestSystem } from '../helpers/http';
import { httpApp } from '../fixtures/http-app';

afterEach(closeHttpTestSystems);

const admin = bearer('admin');

/** Dispatches `count` failing mails and lets a consume pass fail them into the failed store. */
async function failMails(system: HttpTestSystem, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(
      (
        await request(system.http.app)
          .post('/api/symphony/dispatch')
          .set(admin)
          .send({ type: 'mail.send', body: { to: `user${i}@example.com`, subject: `s${i}`, fail: true } })
          .expect(202)
      ).body.id,
    );
  }
  await request(system.http.app)
    .post('/api/symphony/consume')
    .set(admin)
    .send({ queues: ['mail'] })
    .expect(200);
  return ids;
}

describe('failed messages', () => {
  it('lists with filters and pagination, shows, retries and removes one', async () => {
    const system = httpTestSystem(httpApp());
    const [first, second, third] = await failMails(system, 3);
    const app = system.http.app;

    const page = await request(app).get('/api/symphony/failed?limit=2').set(bearer('viewer')).expect(200);
    expect(page.body).toMatchObject({ total: 3, hasMore: true, offset: 0, limit: 2 });
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items[0]).toMatchObject({
      queue: 'mail',
      type: 'mail.send',
      error: { message: expect.stringContaining('is full') },
    });
    expect(page.body.items[0].error.stack).toBeUndefined();

    const grep = await request(app)
      .get('/api/symphony/failed?grep=user1%40&type=mail.*')
      .set(admin)
      .expect(200);
    expect(grep.body.items.map((m: { id: string }) => m.id)).toEqual([second]);

    const shown = await request(app).get(`/api/symphony/failed/${first}`).set(admin).expect(200);
    expect(shown.body).toMatchObject({ id: first, envelope: { body: { to: 'user0@example.com' } } });

    const retried = await request(app).post(`/api/symphony/failed/${first}/retry`).set(admin).expect(200);
    expect(retried.body).toEqual({ id: first, queue: 'mail', retried: true });
    expect((await system.symphony.stats(['mail'])).mail!.failed).toBe(2);

    await request(app)
      .delete(`/api/symphony/failed/${third}`)
      .set(admin)
      .expect(200, { id: third, queue: 'mail', removed: true });
    const left = await request(app).get('/api/symphony/failed').set(admin).expect(200);
    expect(left.body.items.map((m: { id: string }) => m.id)).toEqual([second]);
  });

  it('retries and removes by filter, and refuses a bulk request without a filter', async () => {
    const system = httpTestSystem(httpApp());
    await failMails(system, 3);
    const app = system.http.app;
    const noFilter = await request(app).post('/api/symphony/failed/retry').set(admin).send({}).expect(400);
    expect(noFilter.body.error.code).toBe('VALIDATION_FAILED');
    await request(app).delete('/api/symphony/failed').set(admin).expect(400);

    const retried = await request(app)
      .post('/api/symphony/failed/retry')
      .set(admin)
      .send({ grep: 'user2@' })
      .expect(200);
    expect(retried.body).toMatchObject({ done: 1, matched: 1 });
    const removed = await request(app).delete('/api/symphony/failed?all=true').set(admin).expect(200);
    expect(removed.body).toMatchObject({ done: 2, matched: 2 });
    const mail = (await system.symphony.stats(['mail'])).mail!;
    expect({ failed: mail.failed, ready: mail.waiting + mail.prioritized }).toEqual({ failed: 0, ready: 1 });
  });

  it.each([
    ['/api/symphony/failed?since=yesterday', 'query.since'],
    ['/api/symphony/failed?limit=0', 'query.limit'],
    ['/api/symphony/failed?color=red', 'query.color'],
    ['/api/symphony/failed?queue=nowhere', 'queue'],
  ])('refuses GET %s with 400 VALIDATION_FAILED', async (url, path) => {
    const system = httpTestSystem(httpApp());
    const res = await request(system.http.app).get(url).set(admin).expect(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path })],
    });
  });

  it('answers 404 FAILED_NOT_FOUND for an id that is not a failed message', async () => {
    const system = httpTestSystem(httpApp());
    const res = await request(system.http.app).get('/api/symphony/failed/nope').set(admin).expect(404);
    expect(res.body.error.code).toBe('FAILED_NOT_FOUND');
    await request(system.http.app).post('/api/symphony/failed/nope/retry').set(admin).expect(404);
    await request(system.http.app).delete('/api/symphony/failed/nope').set(admin).expect(404);
  });
});
