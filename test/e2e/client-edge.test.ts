import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { listen, type Listening } from '../../src/http/server';
import type * as ClientModule from '../../src/client';
import { eventually } from '../helpers/bus';
import { closeHttpTestSystems, httpTestSystem, TOKENS, type HttpTestSystem } from '../helpers/http';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

/**
 * symphony-messenger/client where the Edge runtime runs it: bundled for a neutral platform (a
 * Node built-in anywhere in its imports fails the build), then evaluated in a context that has
 * fetch and the other web globals but no require, process, Buffer or Node module, against the
 * real API on Redis.
 */
const ENTRY = path.resolve(__dirname, '../../src/client/index.ts');

async function bundleClient(): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'neutral',
    format: 'iife',
    globalName: 'symphonyClient',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

/** The globals an Edge function has (and nothing of Node's), plus a fetch that records requests. */
function edgeRuntime(code: string, sent: { url: string; body?: string }[]): typeof ClientModule {
  const recordingFetch: typeof fetch = (input, init) => {
    sent.push({ url: String(input), body: init?.body as string | undefined });
    return fetch(input, init);
  };
  const context = vm.createContext({
    fetch: recordingFetch,
    Request,
    Response,
    Headers,
    URL,
    URLSearchParams,
    AbortController,
    setTimeout,
    clearTimeout,
    crypto: { randomUUID: () => crypto.randomUUID() },
    console,
  });
  vm.runInContext(code, context);
  expect(vm.runInContext('typeof require + typeof process + typeof Buffer + typeof module', context)).toBe(
    'undefinedundefinedundefinedundefined',
  );
  return context.symphonyClient as typeof ClientModule;
}

describe('symphony-messenger/client in an Edge-like runtime', () => {
  jest.setTimeout(60_000);
  let system: HttpTestSystem;
  let server: Listening;
  let client: ClientModule.SymphonyClient;
  let module: typeof ClientModule;
  const sent: { url: string; body?: string }[] = [];
  const fails = defineHandler(ping, ({ n }) => {
    if (n < 0) throw new Error(`negative: ${n}`);
  });

  beforeAll(async () => {
    const { code, inputs } = await bundleClient();
    // only Symphony's own sources: no zod, no driver, nothing from node_modules at run time
    expect(inputs.filter((file) => !file.startsWith('src/'))).toEqual([]);
    module = edgeRuntime(code, sent);
    system = httpTestSystem(testApp([fails]), {
      // one dispatch per second per token: the second of two in a row gets 429 + Retry-After
      http: { dispatchRateLimit: { max: 1, windowMs: 1000 } },
    });
    server = await listen(system.http.app, '127.0.0.1', 0);
    client = module.createSymphonyClient({ baseUrl: server.url, token: TOKENS.admin });
  });
  afterAll(async () => {
    await server?.close();
    await closeHttpTestSystems();
  });

  it('dispatches, waiting out a 429 with Retry-After and reusing the idempotency key', async () => {
    sent.length = 0;
    const first = await client.dispatch(ping, { n: 1 });
    const second = await client.dispatch('test.ping', { n: 2 }); // rate limited once, then stored
    expect(first).toEqual({ id: expect.any(String), queue: 'work', deduplicated: false });
    expect(second).toMatchObject({ queue: 'work', deduplicated: false });
    const attempts = sent.filter((r) => r.body?.includes('"n":2')).map((r) => JSON.parse(r.body!));
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    const keys = new Set(attempts.map((a) => a.options.idempotencyKey));
    expect(keys.size).toBe(1);
    const counts = (await client.status()).queues.work!.counts;
    expect(counts.waiting + counts.prioritized).toBe(2);
  });

  it('dispatches a batch, reads status, and reports field errors as SymphonyApiError', async () => {
    const results = await client.dispatchBatch([
      { type: 'test.ping', body: { n: 3 } },
      { message: ping, body: { n: 4 } },
    ]);
    expect(results.map((r) => r.queue)).toEqual(['work', 'work']);
    const refused = await client.dispatch('test.ping', { n: 'x' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(module.SymphonyApiError);
    expect(refused).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.n', message: expect.any(String) }],
    });
  });

  it('lists, shows and removes failed messages, and manages schedules', async () => {
    const { id } = await client.dispatch(ping, { n: -1 });
    const consumer = system.symphony.consume('work');
    await eventually(
      async () => (await client.failed.list({ type: 'test.ping' })).items.length,
      (n) => n === 1,
      30_000,
    );
    await consumer.close();
    const page = await client.failed.list();
    expect(page.items.map((m) => m.id)).toEqual([id]);
    expect(await client.failed.show(id)).toMatchObject({
      id,
      error: { message: expect.stringContaining('negative: -1') },
    });
    expect(await client.failed.remove(id)).toEqual({ id, queue: 'work', removed: true });

    const created = await client.schedules.put('nightly', {
      type: 'test.ping',
      body: { n: 5 },
      cron: '0 2 * * *',
    });
    expect(created).toMatchObject({ id: 'nightly', kind: 'cron' });
    expect((await client.schedules.list()).map((s) => s.id)).toContain('nightly');
    expect(await client.schedules.run('nightly')).toMatchObject({ queue: 'work' });
    expect(await client.schedules.remove('nightly')).toMatchObject({ id: 'nightly', removed: true });
  });
});
