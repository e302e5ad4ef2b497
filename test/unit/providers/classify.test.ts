import { RecoverableError, UnrecoverableError } from '../../../src/errors';
import { retryDelay, willRetry } from '../../../src/retry/retry-decision';
import { RetryStrategy } from '../../../src/retry/retry-strategy';
import { classifyHttpAnswer, classifyRequestFailure } from '../../../handlers/providers/classify-http';
import { classifySmtpFailure } from '../../../handlers/providers/classify-smtp';
import { providerError, ProviderUnavailableError } from '../../../handlers/providers/provider-errors';
import { parseRetryAfter } from '../../../handlers/providers/retry-after';

const now = Date.parse('2026-11-29T12:00:00Z');
const first = { attempt: 1, maxAttempts: 4 };
const last = { attempt: 4, maxAttempts: 4 };
const strategy = new RetryStrategy({ delay: 1000, jitter: 0 });

/** What the bus does with the error a provider throws for this verdict. */
function outcome(verdict: ReturnType<typeof classifySmtpFailure>) {
  const error = providerError('provider', verdict);
  return {
    error,
    retriesNow: willRetry(error, first),
    retriesAfterLast: willRetry(error, last),
    delay: retryDelay(error, strategy, 1),
  };
}

describe('HTTP provider answers', () => {
  it('2xx is sent', () => {
    expect(classifyHttpAnswer(201, null, '', now)).toBeUndefined();
  });

  it.each([400, 401, 403, 404, 409, 422])('%i fails at once with the reason, never retried', (status) => {
    const verdict = classifyHttpAnswer(status, null, "The 'To' number is not valid (error 21211)", now)!;
    const { error, retriesNow } = outcome(verdict);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect(error.message).toBe(
      `provider rejected the message: HTTP ${status} The 'To' number is not valid (error 21211)`,
    );
    expect(retriesNow).toBe(false);
  });

  it('429 is throttling: always retried, after Retry-After seconds', () => {
    const { error, retriesAfterLast, delay } = outcome(
      classifyHttpAnswer(429, '7', 'Too Many Requests', now)!,
    );
    expect(error).toBeInstanceOf(RecoverableError);
    expect(retriesAfterLast).toBe(true);
    expect(delay).toBe(7000);
  });

  it('429 without Retry-After waits what the retry strategy says', () => {
    expect(outcome(classifyHttpAnswer(429, null, '', now)!).delay).toBe(1000);
  });

  it.each([500, 502, 503, 504, 408])(
    '%i is retried while attempts remain, honouring Retry-After',
    (status) => {
      const retryAt = new Date(now + 30_000).toUTCString();
      const { error, retriesNow, retriesAfterLast, delay } = outcome(
        classifyHttpAnswer(status, retryAt, '', now)!,
      );
      expect(error).toBeInstanceOf(ProviderUnavailableError);
      expect(error.message).toBe(`provider unavailable: HTTP ${status}; retrying`);
      expect([retriesNow, retriesAfterLast]).toEqual([true, false]);
      expect(delay).toBe(30_000);
    },
  );

  it('a timeout or a refused connection is retried while attempts remain', () => {
    const timeout = classifyRequestFailure(new DOMException('The operation timed out', 'TimeoutError'), 5000);
    expect(timeout).toEqual({ kind: 'unavailable', reason: 'no answer within 5000 ms' });
    const refused = classifyRequestFailure(
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
      5000,
    );
    expect(refused).toEqual({ kind: 'unavailable', reason: 'connection failed (ECONNREFUSED)' });
    expect(outcome(refused).retriesNow).toBe(true);
  });
});

describe('SMTP failures (nodemailer errors)', () => {
  it('a 5xx reply is a permanent rejection with the server reply as reason', () => {
    const error = Object.assign(new Error("Can't send mail - all recipients were rejected"), {
      code: 'EENVELOPE',
      responseCode: 550,
      response: '550 5.1.1 <nobody@example.com>: Recipient address rejected',
    });
    const { error: thrown, retriesNow } = outcome(classifySmtpFailure(error));
    expect(thrown).toBeInstanceOf(UnrecoverableError);
    expect(thrown.message).toContain(
      '550 5.1.1 <nobody@example.com>: Recipient address rejected (EENVELOPE)',
    );
    expect(retriesNow).toBe(false);
  });

  it('an invalid envelope without a reply is permanent', () => {
    const error = Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' });
    expect(classifySmtpFailure(error)).toEqual({
      kind: 'rejected',
      reason: 'No recipients defined (EENVELOPE)',
    });
  });

  it('a 4xx reply is transient', () => {
    const error = Object.assign(new Error('Mailbox busy'), {
      responseCode: 451,
      response: '451 4.3.0 Try again later',
    });
    expect(outcome(classifySmtpFailure(error)).error).toBeInstanceOf(ProviderUnavailableError);
  });

  it.each(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS'])('%s (no reply) is retried', (code) => {
    const { error, retriesNow, retriesAfterLast } = outcome(
      classifySmtpFailure(Object.assign(new Error('x'), { code })),
    );
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect([retriesNow, retriesAfterLast]).toEqual([true, false]);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates; a past date is 0; garbage is ignored', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sun, 29 Nov 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
