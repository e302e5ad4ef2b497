import request from 'supertest';
import { bearer, closeHttpTestSystems, httpTestSystem } from '../helpers/http';
import { httpApp, nightlyTick } from '../fixtures/http-app';

afterEach(closeHttpTestSystems);

const admin = bearer('admin');
const withDeclared = () => ({ ...httpApp(), schedules: [nightlyTick] });

describe('schedules over HTTP', () => {
  it('creates (201), lists, replaces (200), runs and removes a runtime schedule', async () => {
    const system = httpTestSystem(httpApp());
    const app = system.http.app;
    const created = await request(app)
      .put('/api/symphony/schedules/hourly-tick')
      .set(admin)
      .send({ type: 'tick.count', body: { n: 1 }, cron: '0 * * * *', tz: 'Europe/Paris' })
      .expect(201);
    expect(created.body).toMatchObject({
      id: 'hourly-tick',
      kind: 'cron',
      expression: '0 * * * *',
      origin: 'runtime',
      queue: 'ticks',
    });

    const listed = await request(app).get('/api/symphony/schedules').set(bearer('viewer')).expect(200);
    expect(listed.body.schedules).toEqual([
      expect.objectContaining({ id: 'hourly-tick', next: expect.any(Array) }),
    ]);
    expect(listed.body.schedules[0].next).toHaveLength(3);

    const replaced = await request(app)
      .put('/api/symphony/schedules/hourly-tick')
      .set(admin)
      .send({ type: 'tick.count', body: { n: 2 }, every: 60_000 })
      .expect(200);
    expect(replaced.body).toMatchObject({ id: 'hourly-tick', kind: 'every', expression: '60000 ms' });

    const run = await request(app).post('/api/symphony/schedules/hourly-tick/run').set(admin).expect(202);
    expect(run.body).toMatchObject({ id: expect.any(String), queue: 'ticks' });

    await request(app)
      .delete('/api/symphony/schedules/hourly-tick')
      .set(admin)
      .expect(200, { id: 'hourly-tick', queue: 'ticks', removed: true });
    const gone = await request(app).delete('/api/symphony/schedules/hourly-tick').set(admin).expect(404);
    expect(gone.body.error.code).toBe('SCHEDULE_NOT_FOUND');
    await request(app).post('/api/symphony/schedules/hourly-tick/run').set(admin).expect(404);
  });

  it.each([
    ['two timings', { type: 'tick.count', body: { n: 1 }, cron: '@daily', every: 1000 }, ''],
    ['no timing', { type: 'tick.count', body: { n: 1 } }, ''],
    ['a negative interval', { type: 'tick.count', body: { n: 1 }, every: -5 }, 'every'],
    ['an unknown field', { type: 'tick.count', body: { n: 1 }, every: 1000, color: 'red' }, 'color'],
    ['an invalid cron expression', { type: 'tick.count', body: { n: 1 }, cron: '99 * * * *' }, 'cron'],
    ['a body that does not fit the type', { type: 'tick.count', body: { n: 'one' }, every: 1000 }, 'body.n'],
    [
      'a body under its deprecated name that does not fit',
      { type: 'tick.count', payload: { n: 'one' }, every: 1000 },
      'payload.n',
    ],
  ])('refuses %s with 400 VALIDATION_FAILED and keeps the old schedule', async (_label, body, path) => {
    const system = httpTestSystem(httpApp());
    const app = system.http.app;
    await request(app)
      .put('/api/symphony/schedules/kept')
      .set(admin)
      .send({ type: 'tick.count', body: { n: 1 }, every: 5000 })
      .expect(201);
    const res = await request(app).put('/api/symphony/schedules/kept').set(admin).send(body).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    const listed = await request(app).get('/api/symphony/schedules').set(admin).expect(200);
    expect(listed.body.schedules).toEqual([expect.objectContaining({ id: 'kept', expression: '5000 ms' })]);
  });

  it('the scheduler cron route syncs the declared schedules; code schedules are not replaced over HTTP', async () => {
    const system = httpTestSystem(withDeclared());
    const app = system.http.app;
    const synced = await request(app).get('/api/cron/symphony-scheduler').set(bearer('cron')).expect(200);
    expect(synced.body.changes).toEqual([expect.objectContaining({ action: 'add', id: 'nightly' })]);
    const again = await request(app).post('/api/cron/symphony-scheduler').set(bearer('cron')).expect(200);
    expect(again.body).toMatchObject({ changes: [], unchanged: ['nightly'] });

    const listed = await request(app).get('/api/symphony/schedules').set(admin).expect(200);
    expect(listed.body.schedules).toEqual([expect.objectContaining({ id: 'nightly', origin: 'code' })]);
    const refused = await request(app)
      .put('/api/symphony/schedules/nightly')
      .set(admin)
      .send({ type: 'tick.count', body: { n: 1 }, every: 1000 })
      .expect(409);
    expect(refused.body.error.code).toBe('SCHEDULE_IN_CODE');
  });
});
