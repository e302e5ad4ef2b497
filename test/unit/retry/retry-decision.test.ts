import { NoHandlerError, RecoverableError, UnrecoverableError } from '../../../src/errors';
import { willRetry } from '../../../src/retry/retry-decision';

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
