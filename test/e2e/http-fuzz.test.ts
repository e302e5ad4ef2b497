import request from 'supertest';
import { dispatchOptionsSchema } from '../../src/bus/dispatch-options';
import { listen, type Listening } from '../../src/http/server';
import { runConsumePass } from '../../src/worker/consume-pass';
import { bearer, closeHttpTestSystems, httpTestSystem } from '../helpers/http';
import { httpApp, mail, tick } from '../fixtures/http-app';

/** mulberry32: a tiny seeded PRNG, so a failing run can be replayed with the printed seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20_260_601;
const ROUNDS = 1200;

const WEIRD: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  // past the bounds of every time, size and count (src/bus/limits.ts)
  1e15,
  8_640_000_000_000_001,
  31_622_400_001,
  '9999-01-01T00:00:00Z',
  '',
  ' ',
  'critical',
  'low',
  '0',
  '-1',
  'ada@example.com',
  'not-an-email',
  '\u0000',
  '\ud83d\ude00',
  '<script>',
  '__proto__',
  'x'.repeat(600),
  [],
  [1, 2],
  {},
  { nested: { deeper: [null] } },
  '2030-01-01T00:00:00Z',
  '2030-13-45T99:00:00Z',
];
const KEYS = [
  'type',
  'body',
  'payload',
  'options',
  'to',
  'subject',
  'n',
  'queue',
  'priority',
  'delay',
  'availableAt',
  'correlationId',
  'headers',
  'messages',
  '__proto__',
  'constructor',
  'fail',
  'bogus',
];

function fuzzer(random: () => number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const validBody = (): Record<string, unknown> =>
    random() < 0.5
      ? { type: 'mail.send', body: { to: `u${Math.floor(random() * 1e6)}@example.com`, subject: 'Hi' } }
      : { type: 'tick.count', body: { n: Math.floor(random() * 1000) } };
  const randomValue = (depth = 0): unknown => {
    const r = random();
    if (depth > 3 || r < 0.5) return pick(WEIRD);
    if (r < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
    return Object.fromEntries(
      Array.from({ length: Math.floor(random() * 4) }, () => [pick(KEYS), randomValue(depth + 1)]),
    );
  };
  /** Walks to a random object inside `value` and sets, deletes or replaces one key. */
  const mutate = (value: Record<string, unknown>): Record<string, unknown> => {
    const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
    let target = copy;
    for (let i = 0; i < 3; i++) {
      const nested = Object.values(target).filter((v) => v && typeof v === 'object' && !Array.isArray(v));
      if (!nested.length || random() < 0.4) break;
      target = pick(nested) as Record<string, unknown>;
    }
    const r = random();
    const key = random() < 0.6 && Object.keys(target).length ? pick(Object.keys(target)) : pick(KEYS);
    if (r < 0.3) delete target[key];
    else if (r < 0.8) target[key] = randomValue();
    else
      target.options = {
        [pick(['priority', 'delay', 'availableAt', 'queue', 'headers', 'bogus'])]: pick(WEIRD),
      };
    return copy;
  };
  const rawText = (): string => {
    const text = JSON.stringify(mutate(validBody()));
    const cut = Math.floor(random() * text.length);
    return pick([
      text.slice(0, cut),
      text.slice(0, cut) + '}}',
      `${text},`,
      text.replace(/"/g, "'"),
      '{"a":1}x',
      '',
    ]);
  };
  return { pick, validBody, randomValue, mutate, rawText, random };
}

const isValid = (item: unknown): boolean => {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return false;
  const { type, body, payload, options, ...rest } = item as Record<string, unknown>;
  // exactly one of `body` and its deprecated name `payload`
  if (Object.keys(rest).length || (body === undefined) === (payload === undefined)) return false;
  const schema = type === 'mail.send' ? mail.schema : type === 'tick.count' ? tick.schema : undefined;
  if (!schema?.safeParse(body ?? payload).success) return false;
  const parsed = dispatchOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) return false;
  return parsed.data.queue === undefined || ['mail', 'ticks'].includes(parsed.data.queue);
};

describe('fuzzing the dispatch routes', () => {
  let server: Listening | undefined;
  afterEach(async () => {
    await server?.close();
    await closeHttpTestSystems();
  });

  it(`survives ${ROUNDS} random and mutated bodies (seed ${SEED}) and stores only valid messages`, async () => {
    const system = httpTestSystem(httpApp(), {
      http: { dispatchRateLimit: { max: 100_000, windowMs: 60_000 } },
    });
    server = await listen(system.http.app, '127.0.0.1', 0);
    const f = fuzzer(prng(SEED));
    const statuses = new Map<number, number>();
    let stored = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const batch = f.random() < 0.3;
      const path = batch ? '/api/symphony/dispatch/batch' : '/api/symphony/dispatch';
      const kind = f.random();
      let raw: string;
      if (kind < 0.1) raw = f.rawText();
      else if (kind < 0.2) raw = JSON.stringify(f.randomValue());
      else if (batch) {
        const items = Array.from({ length: 1 + Math.floor(f.random() * 5) }, () =>
          f.random() < 0.5 ? f.validBody() : f.mutate(f.validBody()),
        );
        raw = JSON.stringify(f.random() < 0.9 ? { messages: items } : f.mutate({ messages: items }));
      } else {
        const body = f.random() < 0.15 ? f.validBody() : f.mutate(f.validBody());
        raw = JSON.stringify(body);
      }
      if (f.random() < 0.005)
        raw = JSON.stringify({ type: 'mail.send', body: { to: 'a@b.co', subject: 'x'.repeat(300_000) } });

      const res = await request(server.url)
        .post(path)
        .set(bearer('admin'))
        .set('Content-Type', 'application/json')
        .send(raw);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const context = `round ${round} (seed ${SEED}) ${path} ${raw.slice(0, 300)}`;
      expect({ context, status: res.status < 500 }).toEqual({ context, status: true });
      if (res.status === 202) {
        const sent = batch ? (JSON.parse(raw) as { messages: unknown[] }).messages : [JSON.parse(raw)];
        expect({ context, valid: sent.every(isValid) }).toEqual({ context, valid: true });
        const results = batch ? res.body.results : [res.body];
        stored += results.filter((r: { deduplicated: boolean }) => !r.deduplicated).length;
      } else {
        expect(res.body.error).toEqual(
          expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
        );
        expect([400, 413, 415]).toContain(res.status);
      }
    }

    // The process is up, and the queues hold exactly what was accepted.
    await request(server.url).get('/healthz').expect(200);
    const counts = Object.values(await system.symphony.stats());
    expect(counts.reduce((sum, c) => sum + c.waiting + c.prioritized + c.delayed, 0)).toBe(stored);
    expect(statuses.get(202)).toBeGreaterThan(50); // the fuzzer also exercised the happy path
    expect(statuses.get(400)).toBeGreaterThan(500);

    // Handling re-validates every body: whatever was stored and is due runs without a failure.
    const pass = await runConsumePass(system.symphony, { limit: 10_000, timeLimitMs: 60_000 });
    expect(pass.failed).toBe(0);
  }, 120_000);
});
