import type { ProviderVerdict } from './provider-errors';
import { parseRetryAfter } from './retry-after';

/**
 * An HTTP provider's answer: undefined for 2xx (sent). 429 is throttling; 408 and 5xx may pass
 * later; any other 4xx is the provider refusing this message (bad number, unknown account...) and
 * fails at once, as a retry would get the same answer.
 */
export function classifyHttpAnswer(
  status: number,
  retryAfter: string | null | undefined,
  reason: string,
  now = Date.now(),
): ProviderVerdict | undefined {
  if (status >= 200 && status < 300) return undefined;
  const text = `HTTP ${status}${reason ? ` ${reason}` : ''}`;
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  const delay = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429) return { kind: 'throttled', reason: text, ...delay };
  if (status >= 400 && status < 500 && status !== 408) return { kind: 'rejected', reason: text };
  return { kind: 'unavailable', reason: text, ...delay };
}

/** A request that got no answer: a timeout, a refused or reset connection, a DNS failure. All may pass later. */
export function classifyRequestFailure(error: unknown, timeoutMs: number): ProviderVerdict {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return { kind: 'unavailable', reason: `no answer within ${timeoutMs} ms` };
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return { kind: 'unavailable', reason: `connection failed (${detail})` };
}
