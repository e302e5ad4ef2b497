import http from 'node:http';
import request from 'supertest';
import { createServerlessHandler, type ServerlessHandler } from '../../src/system/serverless';
import { defaultConfig } from '../../src/config/config';
import { defaultHttpConfig } from '../../src/config/http-config';
import { redisUrl, uniquePrefix } from '../helpers/bus';
import { bearer, tokenConfig } from '../helpers/http';
import { httpApp } from '../fixtures/http-app';

describe('the serverless entry (vercel.json)', () => {
  const opened: { handler: ServerlessHandler; server: http.Server }[] = [];
  const serve = (httpConfig = tokenConfig({ environment: 'production' })) => {
    const handler = createServerlessHandler({
      load: async () => httpApp(),
      settings: () => ({
        config: defaultConfig({ defaultDsn: redisUrl(), redisPrefix: uniquePrefix(), logLevel: 'silent' }),
        http: httpConfig,
      }),
    });
    const server = http.createServer((req, res) => void handler(req, res));
    opened.push({ handler, server });
    return server;
  };
  afterAll(async () => {
    for (const { handler, server } of opened) {
      await handler.shutdown();
      server.close();
    }
  });

  it('serves the API and the cron routes from one function', async () => {
    const server = serve();
    await request(server).get('/healthz').expect(200);
    await request(server)
      .post('/api/symphony/dispatch')
      .set(bearer('admin'))
      .send({ type: 'tick.count', body: { n: 1 } })
      .expect(202);
    const pass = await request(server).get('/api/cron/symphony-worker').set(bearer('cron')).expect(200);
    expect(pass.body).toEqual({ processed: 1, failed: 0, remaining: 0 });
    await request(server).get('/api/cron/symphony-worker').expect(401);
  });

  it('answers with the error shape, not a hang, when it cannot start (no token in production)', async () => {
    const server = serve(defaultHttpConfig({ environment: 'production' }));
    const res = await request(server).get('/healthz').expect(500);
    expect(res.body.error).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('No API token'),
    });
  });
});
