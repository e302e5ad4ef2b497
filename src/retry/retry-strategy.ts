import { ConfigError } from '../errors';
/** Symfony-style retry knobs. Attempts = maxRetries + 1. */
export interface RetryOptions {
  maxRetries: number;
  /** ms before the first retry */
  delay: number;
  multiplier: number;
  /** ms cap on one delay; 0 = no cap */
  maxDelay: number;
  /** 0..1: the delay is drawn from [d*(1-jitter), d] */
  jitter: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRetries: 3,
  delay: 1000,
  multiplier: 2,
  maxDelay: 60_000,
  jitter: 0.1,
};

export class RetryStrategy {
  readonly options: RetryOptions;
  constructor(options: Partial<RetryOptions> = {}, random: () => number = Math.random) {
    this.options = { ...DEFAULT_RETRY, ...options };
    this.random = random;
    const { maxRetries, delay, multiplier, maxDelay, jitter } = this.options;
    const valid = Number.isInteger(maxRetries) && maxRetries >= 0 && delay >= 0 && multiplier >= 1;
    if (!(valid && maxDelay >= 0 && jitter >= 0 && jitter <= 1)) {
      throw new ConfigError(
        `Invalid retry options ${JSON.stringify(this.options)}: maxRetries must be an integer >= 0, ` +
          'delay and maxDelay >= 0 (ms), multiplier >= 1, jitter from 0 to 1.',
      );
    }
  }
  private readonly random: () => number;

  get maxAttempts(): number {
    return this.options.maxRetries + 1;
  }

  /** The un-jittered delay before retry number `retry` (1-based): min(delay*multiplier^(n-1), maxDelay). */
  baseDelay(retry: number): number {
    const { delay, multiplier, maxDelay } = this.options;
    const raw = delay * Math.pow(multiplier, Math.max(0, retry - 1));
    return maxDelay > 0 ? Math.min(raw, maxDelay) : raw;
  }

  /** The delay to wait before retry number `retry`, jitter applied downwards so the cap holds. */
  delayFor(retry: number): number {
    const base = this.baseDelay(retry);
    const { jitter } = this.options;
    return Math.round(jitter > 0 ? base * (1 - jitter * this.random()) : base);
  }
}
