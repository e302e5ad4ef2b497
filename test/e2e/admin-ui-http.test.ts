import request from 'supertest';
import { eventually } from '../helpers/bus';
import { closeHttpTestSystems, httpTestSystem, TOKENS } from '../helpers/http';
import { dashboardApp, type DashboardAppState } from '../fixtures/dashboard-app';

afterEach(closeHttpTestSystems);

/** Logs in through the form; returns the agent (cookie jar) and the session's CSRF token. */
async function logIn(app: Parameters<typeof request.agent>[0], token: string) {
  const agent = request.agent(app);
  const form = await agent.get('/admin/login').expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  const login = await agent.post('/admin/login').type('form').send({ token, _csrf: csrf });
  if (login.status !== 303) return { agent, login, csrf: '' };
  // A login rotates the token: the one from the login form is stale now.
  const page = await agent.get('/admin/controls').expect(200);
  const rotated = /X-CSRF-Token&quot;:&quot;([^&]+)&quot;/.exec(page.text)![1]!;
  expect(rotated).not.toBe(csrf);
  return { agent, login, csrf: rotated };
}

describe('admin UI over HTTP', () => {
  it('sets an httpOnly, SameSite=Strict, expiring session cookie and a strict CSP', async () => {
    const { http } = httpTestSystem(dashboardApp({ handled: [], failing: new Set() }));
    const { agent, login } = await logIn(http.app, TOKENS.admin);
    expect(login.status).toBe(303);
    const cookie = (login.headers['set-cookie'] as unknown as string[]).join('\n');
    expect(cookie).toMatch(/symphony_admin=.*httponly/i);
    expect(cookie).toMatch(/samesite=strict/i);
    expect(cookie).toMatch(/expires=/i);
    expect(cookie).toMatch(/path=\/admin/i);
    expect(cookie).not.toContain(TOKENS.admin);
    const page = await agent.get('/admin').expect(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('refuses unknown tokens and dispatcher tokens, and sends pages without a session to the login form', async () => {
    const { http } = httpTestSystem(dashboardApp({ handled: [], failing: new Set() }));
    expect((await logIn(http.app, 'not-a-token-0123456789')).login.status).toBe(401);
    const dispatcher = await logIn(http.app, TOKENS.dispatcher);
    expect(dispatcher.login.status).toBe(403);
    expect(dispatcher.login.text).toContain('cannot open the admin UI');
    const anonymous = await request(http.app).get('/admin/failed').expect(303);
    expect(anonymous.headers.location).toBe('/admin/login?next=%2Fadmin%2Ffailed');
    await request(http.app).post('/admin/controls/ticks/pause').expect(401);
  });

  it('retries failed messages by filter with progress until done', async () => {
    const state: DashboardAppState = { handled: [], failing: new Set(['x@example.com']) };
    const { http, symphony } = httpTestSystem(dashboardApp(state));
    const consumer = symphony.consume('notes');
    for (let i = 0; i < 3; i++) await symphony.dispatch('note.send', { to: 'x@example.com', text: `n${i}` });
    await eventually(async () => (await symphony.stats(['notes'])).notes!.failed === 3);
    state.failing.clear();
    const { agent, csrf } = await logIn(http.app, TOKENS.admin);
    const started = await agent
      .post('/admin/failed/bulk')
      .set('X-CSRF-Token', csrf)
      .set('HX-Request', 'true')
      .type('form')
      .send({ action: 'retry', type: 'note.send' })
      .expect(200);
    const poll = /hx-get="(\/admin\/failed\/bulk\/[^"]+)"/.exec(started.text);
    if (poll) {
      await eventually(async () => (await agent.get(poll[1]!).set('HX-Request', 'true')).status === 286);
    }
    await eventually(() => state.handled.length === 3);
    await consumer.close();
  });
});
