import { SymphonyApiError } from '../../../src/client';
import { apiRequest, waitBefore, type RequestSettings } from '../../../src/client/http-request';

type Answer = Response | Error;

/** A fetch that answers from a script and records what it was sent. */
function scripted(...answers: Answer[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    if (answer instanceof Error) throw answer;
    return answer;
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const settings = (fetch: typeof globalThis.fetch, retries = 3): RequestSettings => ({
  baseUrl: 'http://api.test/',
  token: 't0ken',
  fetch,
  timeoutMs: 1000,
  retry: { retries, maxDelayMs: 2000 },
});

describe('apiRequest', () => {
  it('retries a 503 and a 429 after their Retry-After, sending the same body each time', async () => {
    const { fetch, calls } = scripted(
      json(503, { error: { code: 'TRANSPORT_UNAVAILABLE', message: 'down' } }, { 'retry-after': '0' }),
      json(429, { error: { code: 'RATE_LIMITED', message: 'slow down' } }, { 'retry-after': '0' }),
      json(202, { id: 'm1', queue: 'q', deduplicated: false }),
    );
    const body = { type: 't', body: {}, options: { idempotencyKey: 'k' } };
    const result = await apiRequest(settings(fetch), {
      method: 'POST',
      path: '/api/symphony/dispatch',
      body,
      safe: true,
    });
    expect(result).toEqual({ id: 'm1', queue: 'q', deduplicated: false });
    expect(calls.map((c) => c.url)).toEqual(Array(3).fill('http://api.test/api/symphony/dispatch'));
    expect(new Set(calls.map((c) => c.init.body)).size).toBe(1);
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer t0ken');
  });

  it('gives up with the server error when Retry-After is longer than maxDelayMs, or on other statuses', async () => {
    const long = scripted(
      json(503, { error: { code: 'TRANSPORT_UNAVAILABLE', message: 'down' } }, { 'retry-after': '60' }),
    );
    await expect(
      apiRequest(settings(long.fetch), { method: 'GET', path: '/x', safe: true }),
    ).rejects.toMatchObject({ status: 503, code: 'TRANSPORT_UNAVAILABLE', message: 'down' });
    expect(long.calls).toHaveLength(1);

    const bad = scripted(
      json(400, {
        error: { code: 'VALIDATION_FAILED', message: 'bad', details: [{ path: 'a', message: 'b' }] },
      }),
    );
    const error = await apiRequest(settings(bad.fetch), { method: 'GET', path: '/x', safe: true }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(SymphonyApiError);
    expect(error).toMatchObject({ status: 400, details: [{ path: 'a', message: 'b' }] });
    expect(bad.calls).toHaveLength(1);
  });

  it('repeats a request without an answer only when that is safe', async () => {
    const safe = scripted(new TypeError('fetch failed'), json(200, { ok: true }));
    expect(await apiRequest(settings(safe.fetch), { method: 'GET', path: '/x', safe: true })).toEqual({
      ok: true,
    });
    const unsafe = scripted(new TypeError('fetch failed'), json(200, { ok: true }));
    await expect(
      apiRequest(settings(unsafe.fetch), { method: 'POST', path: '/x', safe: false }),
    ).rejects.toMatchObject({ code: 'API_UNREACHABLE', status: 0 });
    expect(unsafe.calls).toHaveLength(1);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(waitBefore(new Response(null, { headers: { 'retry-after': '3' } }), 0)).toBe(3000);
    const inTwo = new Date(Date.now() + 2000).toUTCString();
    expect(waitBefore(new Response(null, { headers: { 'retry-after': inTwo } }), 0)).toBeLessThanOrEqual(
      2000,
    );
    expect(waitBefore(new Response(null), 0)).toBeGreaterThan(0);
  });
});
