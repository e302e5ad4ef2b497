import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import request from 'supertest';
import { createServerlessHandler, type ServerlessHandler } from '../../src/system/serverless';
import { defaultConfig } from '../../src/config/config';
import { defaultHttpConfig } from '../../src/config/http-config';
import { redisUrl, uniquePrefix } from '../helpers/bus';
import { bearer, tokenConfig } from '../helpers/http';
import { httpApp } from '../fixtures/http-app';
import { consumeRequest } from '../../src/http/schemas';

interface VercelJson {
  functions: Record<string, { maxDuration: number; includeFiles: string }>;
  rewrites: { source: string; destination: string }[];
  crons: { path: string; schedule: string }[];
}
const ROOT = path.resolve(__dirname, '../..');
const vercel = JSON.parse(fs.readFileSync(path.join(ROOT, 'vercel.json'), 'utf8')) as VercelJson;

/** Where vercel.json's rewrites send a path (`:name*` is any rest of the path, `(a|b)` one of). */
const rewritten = (p: string) =>
  vercel.rewrites.find((r) => new RegExp(`^${r.source.replace(/\/:\w+\*/g, '(?:/.*)?')}$`).test(p))
    ?.destination;

describe('the serverless entry, deployed as vercel.json says', () => {
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

  it("vercel.json's crons and rewrites all reach its one function, which answers each of them", async () => {
    const [file, settings] = Object.entries(vercel.functions)[0]!;
    expect(Object.keys(vercel.functions)).toEqual(['api/symphony.ts']); // createServerlessHandler's entry
    expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
    for (const dir of /^\{(.+)\}\/\*\*$/.exec(settings.includeFiles)![1]!.split(','))
      expect(fs.existsSync(path.join(ROOT, dir))).toBe(true);
    // a cron's consume pass ends within its own time budget, well inside the function's limit
    expect(consumeRequest.parse({}).timeLimitMs).toBeLessThan(settings.maxDuration * 1000);
    const server = serve();
    const route = `/${file.replace(/\.ts$/, '')}`;
    expect(vercel.crons.map((c) => c.path).sort()).toEqual([
      '/api/cron/symphony-scheduler',
      '/api/cron/symphony-worker',
    ]);
    for (const cron of vercel.crons) {
      expect(() => CronExpressionParser.parse(cron.schedule)).not.toThrow();
      expect(rewritten(cron.path)).toBe(route);
      // Vercel calls a cron path with GET and `Authorization: Bearer $CRON_SECRET`
      await request(server).get(cron.path).set(bearer('cron')).expect(200);
    }
    for (const probe of ['/healthz', '/readyz', '/metrics', '/api/symphony/status']) {
      expect(rewritten(probe)).toBe(route);
      await request(server).get(probe).set(bearer('viewer')).expect(200);
    }
    expect(rewritten('/elsewhere')).toBeUndefined();
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
