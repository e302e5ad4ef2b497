import { DEFAULT_RETRY, RetryStrategy } from '../../../src/retry/retry-strategy';

describe('RetryStrategy', () => {
  it('computes base delays as min(delay * multiplier^(n-1), maxDelay)', () => {
    const strategy = new RetryStrategy({ delay: 100, multiplier: 3, maxDelay: 2000, jitter: 0 });
    expect([1, 2, 3, 4, 5].map((n) => strategy.baseDelay(n))).toEqual([100, 300, 900, 2000, 2000]);
  });

  it('does not cap when maxDelay is 0', () => {
    const strategy = new RetryStrategy({ delay: 1000, multiplier: 10, maxDelay: 0 });
    expect(strategy.baseDelay(4)).toBe(1_000_000);
  });

  it('keeps the delay constant with multiplier 1', () => {
    const strategy = new RetryStrategy({ delay: 250, multiplier: 1, jitter: 0 });
    expect([1, 2, 7].map((n) => strategy.delayFor(n))).toEqual([250, 250, 250]);
  });

  it('uses the un-jittered delay when jitter is 0', () => {
    const strategy = new RetryStrategy({ delay: 100, multiplier: 2, jitter: 0 }, () => 0.999);
    expect(strategy.delayFor(3)).toBe(400);
  });

  it('draws a jittered delay from [base*(1-jitter), base], so the cap still holds', () => {
    const at = (r: number) =>
      new RetryStrategy({ delay: 1000, multiplier: 2, maxDelay: 3000, jitter: 0.2 }, () => r);
    expect(at(0).delayFor(2)).toBe(2000);
    expect(at(0.5).delayFor(2)).toBe(1800);
    expect(at(0.999999).delayFor(2)).toBe(1600);
    expect(at(0).delayFor(5)).toBe(3000);
    for (let i = 0; i < 200; i++) {
      const d = new RetryStrategy({ delay: 1000, jitter: 0.5, maxDelay: 0 }).delayFor(3);
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });

  it('counts attempts as maxRetries + 1', () => {
    expect(new RetryStrategy({ maxRetries: 0 }).maxAttempts).toBe(1);
    expect(new RetryStrategy({ maxRetries: 4 }).maxAttempts).toBe(5);
    expect(new RetryStrategy().maxAttempts).toBe(DEFAULT_RETRY.maxRetries + 1);
  });

  it('fills unspecified knobs from the defaults', () => {
    expect(new RetryStrategy({ delay: 5 }).options).toEqual({ ...DEFAULT_RETRY, delay: 5 });
  });

  it.each([
    { maxRetries: -1 },
    { maxRetries: 1.5 },
    { delay: -1 },
    { multiplier: 0.5 },
    { maxDelay: -10 },
    { jitter: -0.1 },
    { jitter: 1.5 },
    { delay: Number.NaN },
  ])('rejects invalid options %j', (options) => {
    expect(() => new RetryStrategy(options)).toThrow(/Invalid retry options/);
  });
});
