import {
  HandlerFailedError,
  NoHandlerError,
  RecoverableError,
  retryDelayOf,
  UnrecoverableError,
} from '../../../src/errors';
import { retryDelay, willRetry } from '../../../src/retry/retry-decision';
import { RetryStrategy } from '../../../src/retry/retry-strategy';

describe('willRetry', () => {
  const first = { attempt: 1, maxAttempts: 3 };
  const last = { attempt: 3, maxAttempts: 3 };

  it('retries an ordinary error while attempts remain', () => {
    expect(willRetry(new Error('x'), first)).toBe(true);
    expect(willRetry(new Error('x'), { attempt: 2, maxAttempts: 3 })).toBe(true);
    expect(willRetry(new Error('x'), last)).toBe(false);
    expect(willRetry('a thrown string', { attempt: 1, maxAttempts: 1 })).toBe(false);
  });

  it('always retries a RecoverableError, even past the last attempt', () => {
    expect(willRetry(new RecoverableError('later'), last)).toBe(true);
  });

  it('never retries an UnrecoverableError or a NoHandlerError', () => {
    expect(willRetry(new UnrecoverableError('bad'), first)).toBe(false);
    expect(willRetry(new NoHandlerError('x.y'), first)).toBe(false);
  });

  it('honours a plain retryable field (it survives process boundaries)', () => {
    expect(willRetry(Object.assign(new Error('x'), { retryable: false }), first)).toBe(false);
    expect(willRetry({ retryable: true }, last)).toBe(true);
    expect(willRetry({ retryable: 'yes' }, last)).toBe(false);
  });
});

describe('retryDelay', () => {
  const strategy = new RetryStrategy({ delay: 1000, multiplier: 2, jitter: 0 });

  it("uses the strategy's delay when the error asks for none", () => {
    expect(retryDelay(new Error('x'), strategy, 2)).toBe(2000);
    expect(retryDelay(new RecoverableError('later'), strategy, 1)).toBe(1000);
  });

  it('uses the delay an error asks for (a Retry-After), even above maxDelay', () => {
    expect(retryDelay(new RecoverableError('429', { retryDelayMs: 120_000 }), strategy, 1)).toBe(120_000);
    expect(retryDelay(Object.assign(new Error('x'), { retryDelayMs: 0 }), strategy, 3)).toBe(0);
    expect(retryDelay({ retryDelayMs: -5 }, strategy, 1)).toBe(1000);
    expect(retryDelay({ retryDelayMs: 'soon' }, strategy, 1)).toBe(1000);
  });

  it('takes the longest delay any failed handler asked for', () => {
    const failed = new HandlerFailedError('a.b', [
      { handler: 'one', error: new RecoverableError('x', { retryDelayMs: 500 }) },
      { handler: 'two', error: Object.assign(new Error('y'), { retryDelayMs: 3000 }) },
      { handler: 'three', error: new Error('z') },
    ]);
    expect(retryDelay(failed, strategy, 1)).toBe(3000);
    expect(retryDelayOf(new HandlerFailedError('a.b', [{ handler: 'x', error: new Error('z') }]))).toBe(
      undefined,
    );
  });
});
