import request from 'supertest';
import { testApp } from '../fixtures/test-app';
import { closeTestBuses } from '../helpers/bus';
import { bearer, closeHttpTestSystems, httpTestSystem } from '../helpers/http';

afterEach(async () => {
  await closeHttpTestSystems();
  await closeTestBuses();
});

it('flags over HTTP: viewers read, admins switch, bad input answered field by field', async () => {
  const { http } = httpTestSystem(testApp());
  const app = http.app;
  const listed = await request(app).get('/api/symphony/flags').set(bearer('viewer')).expect(200);
  expect(listed.body.flags).toEqual([
    { job: 'emails', mode: 'legacy', updatedAt: null },
    { job: 'campaigns', mode: 'legacy', updatedAt: null },
    { job: 'drips', mode: 'legacy', updatedAt: null },
  ]);
  await request(app)
    .put('/api/symphony/flags/emails')
    .set(bearer('viewer'))
    .send({ mode: 'symphony' })
    .expect(403);
  const set = await request(app)
    .put('/api/symphony/flags/emails')
    .set(bearer('admin'))
    .send({ mode: 'symphony' })
    .expect(200);
  expect(set.body).toEqual({ job: 'emails', mode: 'symphony', updatedAt: expect.any(String) });
  const bad = await request(app)
    .put('/api/symphony/flags/mails')
    .set(bearer('admin'))
    .send({ mode: 'on' })
    .expect(400);
  expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  expect(JSON.stringify(bad.body)).toContain('emails, campaigns, drips');
  const doc = await request(app).get('/api/symphony/openapi.json').set(bearer('viewer')).expect(200);
  expect(Object.keys(doc.body.paths)).toEqual(
    expect.arrayContaining(['/api/symphony/flags', '/api/symphony/flags/{job}']),
  );
});
