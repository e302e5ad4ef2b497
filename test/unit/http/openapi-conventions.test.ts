import { buildOpenApi } from '../../../src/http/openapi';
import { operationIdOf } from '../../../src/http/openapi-conventions';
import { MessageCatalog } from '../../../src/message/message-catalog';
import app from '../../../symphony.config';

type Operation = {
  operationId?: string;
  responses: Record<string, unknown>;
  security?: unknown[];
  parameters?: { in: string }[];
};

/** What `npm run lint:openapi` (Redocly, recommended rules) asks of every operation, whoever adds it. */
describe('the OpenAPI document', () => {
  const document = buildOpenApi(new MessageCatalog(app.messages)) as {
    servers?: unknown[];
    info: { license?: unknown };
    paths: Record<string, Record<string, Operation>>;
  };
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );

  it('names every operation, uniquely, and says where it is served and under which license', () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(document.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
  });

  it('documents 401 and 403 on every authenticated operation, 400 and 404 where a path takes an id', () => {
    for (const { path, method, op } of operations) {
      const codes = Object.keys(op.responses);
      const context = `${method} ${path}`;
      if (!op.security) expect([context, codes]).toEqual([context, expect.arrayContaining(['401', '403'])]);
      if (path.includes('{'))
        expect([context, codes]).toEqual([context, expect.arrayContaining(['400', '404'])]);
    }
  });

  it('derives readable operationIds from method and path', () => {
    expect(operationIdOf({ method: 'post', path: '/api/symphony/dispatch/batch' })).toBe('postDispatchBatch');
    expect(operationIdOf({ method: 'post', path: '/api/symphony/failed/{id}/retry' })).toBe(
      'postFailedByIdRetry',
    );
    expect(operationIdOf({ method: 'get', path: '/api/cron/symphony-worker' })).toBe('getCronSymphonyWorker');
    expect(operationIdOf({ method: 'get', path: '/api/symphony/openapi.json' })).toBe('getOpenapiJson');
    expect(operationIdOf({ method: 'get', path: '/healthz' })).toBe('getHealthz');
  });
});
