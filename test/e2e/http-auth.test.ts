import request from 'supertest';
import { defaultHttpConfig } from '../../src/config/http-config';
import { ConfigError } from '../../src/errors';
import { createHttpApp } from '../../src/http/app';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/metrics/registry';
import { captureLogs, closeTestBuses, testBus } from '../helpers/bus';
import { bearer, closeHttpTestSystems, httpTestSystem, type HttpTestSystem } from '../helpers/http';
import { httpApp } from '../fixtures/http-app';

type Who = 'none' | 'viewer' | 'dispatcher' | 'admin' | 'cron';
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Route {
  method: Method;
  path: string;
  body?: object;
  /** Who gets past auth; everyone else gets 401 (unknown caller) or 403 (known, not allowed). */
  allowed: Who[];
  /** The status an allowed caller gets (404 = reached the handler, the id does not exist). */
  ok: number;
}

const mail = { type: 'mail.send', body: { to: 'ada@example.com', subject: 'Hi' } };
const everyone: Who[] = ['none', 'viewer', 'dispatcher', 'admin', 'cron'];

const ROUTES: Route[] = [
  { method: 'post', path: '/api/symphony/dispatch', body: mail, allowed: ['dispatcher', 'admin'], ok: 202 },
  {
    method: 'post',
    path: '/api/symphony/dispatch/batch',
    body: { messages: [mail] },
    allowed: ['dispatcher', 'admin'],
    ok: 202,
  },
  {
    method: 'post',
    path: '/api/symphony/consume',
    body: { limit: 1, timeLimitMs: 2000 },
    allowed: ['dispatcher', 'admin'],
    ok: 200,
  },
  { method: 'get', path: '/api/symphony/status', allowed: ['viewer', 'dispatcher', 'admin'], ok: 200 },
  { method: 'get', path: '/api/symphony/failed', allowed: ['viewer', 'admin'], ok: 200 },
  { method: 'get', path: '/api/symphony/failed/missing-id', allowed: ['viewer', 'admin'], ok: 404 },
  { method: 'post', path: '/api/symphony/failed/missing-id/retry', allowed: ['admin'], ok: 404 },
  {
    method: 'post',
    path: '/api/symphony/failed/retry',
    body: { queue: 'mail' },
    allowed: ['admin'],
    ok: 200,
  },
  { method: 'delete', path: '/api/symphony/failed/missing-id', allowed: ['admin'], ok: 404 },
  { method: 'delete', path: '/api/symphony/failed?queue=mail', allowed: ['admin'], ok: 200 },
  { method: 'get', path: '/api/symphony/schedules', allowed: ['viewer', 'admin'], ok: 200 },
  {
    method: 'put',
    path: '/api/symphony/schedules/matrix',
    body: { type: 'tick.count', body: { n: 1 }, every: 60_000 },
    allowed: ['admin'],
    ok: 201,
  },
  { method: 'delete', path: '/api/symphony/schedules/missing-id', allowed: ['admin'], ok: 404 },
  { method: 'post', path: '/api/symphony/schedules/missing-id/run', allowed: ['admin'], ok: 404 },
  { method: 'get', path: '/api/cron/symphony-scheduler', allowed: ['admin', 'cron'], ok: 200 },
  { method: 'post', path: '/api/cron/symphony-scheduler', allowed: ['admin', 'cron'], ok: 200 },
  { method: 'post', path: '/api/symphony/queues/mail/pause', allowed: ['admin'], ok: 200 },
  { method: 'post', path: '/api/symphony/queues/mail/resume', allowed: ['admin'], ok: 200 },
  {
    method: 'patch',
    path: '/api/symphony/queues/mail',
    body: { concurrency: 2 },
    allowed: ['admin'],
    ok: 200,
  },
  { method: 'get', path: '/api/symphony/openapi.json', allowed: ['viewer', 'dispatcher', 'admin'], ok: 200 },
  { method: 'get', path: '/metrics', allowed: ['viewer', 'admin'], ok: 200 },
  { method: 'get', path: '/api/cron/symphony-worker', allowed: ['dispatcher', 'admin', 'cron'], ok: 200 },
  { method: 'post', path: '/api/cron/symphony-worker', allowed: ['dispatcher', 'admin', 'cron'], ok: 200 },
  { method: 'get', path: '/healthz', allowed: everyone, ok: 200 },
  { method: 'get', path: '/readyz', allowed: everyone, ok: 200 },
];

/** Tokens only authenticate where they are valid: CRON_SECRET is no token on /api/symphony. */
function expected(route: Route, who: Who): number {
  if (route.allowed.includes(who)) return route.ok;
  if (who === 'none' || (who === 'cron' && !route.path.startsWith('/api/cron'))) return 401;
  return 403;
}

const cases = ROUTES.flatMap((route) =>
  everyone.map((who) => [`${route.method.toUpperCase()} ${route.path}`, who, route] as const),
);

describe('the role matrix (route x caller)', () => {
  let system: HttpTestSystem;
  beforeAll(() => {
    system = httpTestSystem(httpApp(), { http: { dispatchRateLimit: { max: 10_000, windowMs: 60_000 } } });
  });
  afterAll(closeHttpTestSystems);

  it.each(cases)('%s as %s', async (_name, who, route) => {
    let call = request(system.http.app)[route.method](route.path);
    if (who !== 'none') call = call.set(bearer(who));
    if (route.body) call = call.send(route.body);
    const res = await call;
    const status = expected(route, who);
    expect({ who, status: res.status }).toEqual({ who, status });
    if (status === 401) {
      expect(res.body.error.code).toBe('UNAUTHORIZED');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    if (status === 403) expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it.each([
    ['an unknown token', 'Bearer not-a-configured-token-at-all'],
    ['a token with the wrong scheme', 'Basic YWRtaW46YWRtaW4='],
    ['an empty bearer', 'Bearer '],
  ])('answers %s with 401', async (_label, header) => {
    const res = await request(system.http.app)
      .get('/api/symphony/status')
      .set('Authorization', header)
      .expect(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });

  it('answers 401 before looking at the route or the body', async () => {
    await request(system.http.app).get('/api/symphony/nothing-here').expect(401);
    await request(system.http.app)
      .post('/api/symphony/dispatch')
      .set('Content-Type', 'application/json')
      .send('{oops')
      .expect(401);
  });

  it('answers 404 NOT_FOUND for an unknown route once authenticated', async () => {
    const res = await request(system.http.app)
      .get('/api/symphony/nothing-here')
      .set(bearer('admin'))
      .expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('secure by default', () => {
  afterEach(closeTestBuses);
  const build = (overrides: Parameters<typeof defaultHttpConfig>[0]) => {
    const logs = captureLogs();
    const symphony = testBus(httpApp());
    const make = () =>
      createHttpApp({
        symphony,
        config: defaultHttpConfig(overrides),
        logger: createLogger('info', logs.stream),
        metrics: createMetrics({ processMetrics: false }),
      });
    return { make, logs: logs.lines };
  };

  it('refuses to start without tokens in production, even on loopback', () => {
    expect(() => build({ environment: 'production' }).make()).toThrow(ConfigError);
  });

  it('refuses to start without tokens on a non-loopback address, even in development', () => {
    expect(() => build({ host: '0.0.0.0' }).make()).toThrow(/No API token configured/);
  });

  it('runs without tokens on loopback in development, and says loudly that auth is off', async () => {
    const { make, logs } = build({ host: '127.0.0.1' });
    const http = make();
    expect(logs).toEqual([
      expect.objectContaining({ level: 40, msg: expect.stringContaining('AUTH IS OFF') }),
    ]);
    await request(http.app).get('/api/symphony/status').expect(200);
    http.close();
  });
});
