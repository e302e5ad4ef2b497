import { SymphonyApiError } from './client-error';

export interface RetryPolicy {
  /** Further attempts after a 503 or 429 (and after no answer, for requests safe to repeat). Default 3. */
  retries?: number;
  /** The longest wait between attempts; a longer Retry-After ends the retries. Default 30 s. */
  maxDelayMs?: number;
}

export interface RequestSettings {
  baseUrl: string;
  token?: string;
  fetch: typeof fetch;
  timeoutMs: number;
  retry: Required<RetryPolicy>;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
  /** Repeating it cannot do the work twice (a read, or a dispatch carrying an idempotency key). */
  safe: boolean;
}

const RETRY_STATUSES = new Set([429, 503]);

/**
 * One API call with fetch only: the token, a timeout per attempt, and retries on 503/429 that
 * wait what Retry-After says (else a growing delay). The body, and so its idempotency key, is the
 * same on every attempt.
 */
export async function apiRequest<T>(settings: RequestSettings, request: ApiRequest): Promise<T> {
  const url = settings.baseUrl.replace(/\/+$/, '') + request.path + queryString(request.query);
  const init: RequestInit = {
    method: request.method,
    headers: {
      accept: 'application/json',
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(settings.token ? { authorization: `Bearer ${settings.token}` } : {}),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  };
  for (let attempt = 0; ; attempt++) {
    const outcome = await attemptOnce(settings, url, init);
    const last = attempt >= settings.retry.retries;
    if (outcome instanceof Response) {
      if (outcome.ok) return (await readBody(outcome)) as T;
      const error = await toApiError(outcome);
      const wait = waitBefore(outcome, attempt);
      if (last || !RETRY_STATUSES.has(outcome.status) || wait > settings.retry.maxDelayMs) throw error;
      await sleep(wait);
    } else {
      if (last || !request.safe) throw outcome;
      await sleep(Math.min(backoff(attempt), settings.retry.maxDelayMs));
    }
  }
}

async function attemptOnce(
  settings: RequestSettings,
  url: string,
  init: RequestInit,
): Promise<Response | SymphonyApiError> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), settings.timeoutMs);
  try {
    return await settings.fetch(url, { ...init, signal: abort.signal });
  } catch (cause) {
    const timedOut = abort.signal.aborted;
    return new SymphonyApiError(
      timedOut ? 'API_TIMEOUT' : 'API_UNREACHABLE',
      timedOut
        ? `No answer from ${url} within ${settings.timeoutMs} ms`
        : `Cannot reach ${url}: ${(cause as Error).message}`,
      0,
      [],
      undefined,
      { cause },
    );
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

async function toApiError(response: Response): Promise<SymphonyApiError> {
  const requestId = response.headers.get('x-request-id') ?? undefined;
  let body: { error?: { code?: string; message?: string; details?: [] } } | undefined;
  try {
    body = (await readBody(response)) as typeof body;
  } catch {
    body = undefined; // not the API's JSON (a proxy's page): the status says enough
  }
  const error = body?.error;
  return new SymphonyApiError(
    error?.code ?? `HTTP_${response.status}`,
    error?.message ?? `${response.status} ${response.statusText}`.trim(),
    response.status,
    error?.details ?? [],
    requestId,
  );
}

/** Retry-After in seconds or as an HTTP date; without it, a growing delay. */
export function waitBefore(response: Response, attempt: number): number {
  const header = response.headers.get('retry-after');
  if (header !== null) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return backoff(attempt);
}

const backoff = (attempt: number): number => 250 * 2 ** attempt * (1 + Math.random() / 2);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function queryString(query: Record<string, unknown> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    params.set(key, value instanceof Date ? value.toISOString() : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
