import request from 'supertest';
import { buildOpenApi } from '../../src/http/openapi';
import { bearer, closeHttpTestSystems, httpTestSystem } from '../helpers/http';
import { httpApp } from '../fixtures/http-app';

afterEach(closeHttpTestSystems);

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Every documented operation with a path parameter, so a new route is covered without editing this test. */
function routesWithParams(): { method: Method; path: string }[] {
  const system = httpTestSystem(httpApp());
  const paths = buildOpenApi(system.symphony.catalog).paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths)
    .filter(([path]) => path.includes('{'))
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method as Method, path })));
}

// `%` alone, a truncated escape, and an escape that is not UTF-8: decodeURIComponent throws on each.
const MALFORMED = ['%', '%E0%A4%A', '%C0%AF', 'ok%zz'];

describe('a path parameter with malformed percent-encoding', () => {
  const routes = routesWithParams();

  it('is present on the routes that take one', () => {
    expect(routes.length).toBeGreaterThanOrEqual(9);
  });

  it.each(routes)('answers 400 with the error shape on $method $path', async ({ method, path }) => {
    const system = httpTestSystem(httpApp());
    for (const bad of MALFORMED) {
      const url = path.replace(/\{[^}]+\}/g, bad);
      const res = await request(system.http.app)[method](url).set(bearer('admin')).send({});
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body).toEqual({
        error: { code: 'MALFORMED_PATH', message: expect.stringContaining('percent-encoding') },
      });
    }
  });
});
