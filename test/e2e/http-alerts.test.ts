import request from 'supertest';
import { AlertEvaluator } from '../../src/alerts/alert-evaluator';
import { checkAlerts } from '../../src/alerts/alerts-definition';
import { createLogger } from '../../src/logger';
import { openCluster } from '../../src/monitoring/open-cluster';
import { bearer, closeHttpTestSystems, httpTestSystem, TOKENS } from '../helpers/http';
import alertsApp from '../fixtures/alerts-app';

afterEach(closeHttpTestSystems);

describe('alerts over HTTP and in the admin UI', () => {
  it('GET /api/symphony/alerts lists the rules with their state, for viewers; the Alerts page shows the same', async () => {
    const { symphony, http } = httpTestSystem(alertsApp);
    const before = await request(http.app).get('/api/symphony/alerts').set(bearer('viewer')).expect(200);
    expect(before.body).toMatchObject({ evaluator: null, notifiers: [], cooldownMs: 1000 });
    expect(before.body.rules.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      ['jobs-failing', 'unknown'],
      ['backlog-stuck', 'unknown'],
    ]);
    await request(http.app).get('/api/symphony/alerts').set(bearer('dispatcher')).expect(403);

    // an evaluation in the store, as the lease holder would make it
    const store = openCluster(symphony);
    const evaluator = new AlertEvaluator(
      checkAlerts(symphony.app.alerts, symphony.queues.names()),
      store.alertStates,
      createLogger('silent'),
      'test',
    );
    await evaluator.evaluate({ at: Date.now(), queues: { backlog: { oldestWaitingMs: 5000 } }, errors: [] });
    await store.close();
    const after = await request(http.app).get('/api/symphony/alerts').set(bearer('admin')).expect(200);
    expect(after.body.rules[1]).toMatchObject({
      id: 'backlog-stuck',
      status: 'firing',
      detail: 'the oldest waiting message has waited 5 s',
      condition: 'queue backlog: a message has waited longer than 1 s',
    });

    const agent = request.agent(http.app);
    const form = await agent.get('/admin/login').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    await agent.post('/admin/login').type('form').send({ token: TOKENS.viewer, _csrf: csrf }).expect(303);
    const page = await agent.get('/admin/alerts').expect(200);
    expect(page.text).toContain('<tr data-alert="backlog-stuck">');
    expect(page.text).toMatch(/<span class="badge state-failed">firing<\/span>/);
    expect(page.text).toContain('the oldest waiting message has waited 5 s');
    expect(page.text).toContain('href="/admin/alerts" class="active"');
  });

  it('is in the OpenAPI document', async () => {
    const { http } = httpTestSystem(alertsApp);
    const doc = await request(http.app).get('/api/symphony/openapi.json').set(bearer('viewer')).expect(200);
    expect(doc.body.paths['/api/symphony/alerts'].get).toBeDefined();
  });
});
