import type { Envelope } from '../../message/envelope';
import { willRetry } from '../../retry/retry-decision';
import type { HandleMiddleware } from '../middleware';
import type { Outcome } from './logging.middleware';

export interface TimingSample {
  envelope: Envelope;
  /** dispatch -> handler start */
  waitMs: number;
  /** handler start -> end */
  durationMs: number;
  outcome: Outcome;
}

/** Measures wait and handling time and hands each sample to an observer (metrics, tests). */
export function timeHandling(observe: (sample: TimingSample) => void): HandleMiddleware {
  return async (envelope, context, next) => {
    const startedAt = Date.now();
    const waitMs = startedAt - Date.parse(envelope.dispatchedAt);
    const started = performance.now();
    let outcome: Outcome = 'handled';
    try {
      await next(envelope);
    } catch (error) {
      outcome = willRetry(error, context.delivery) ? 'retry' : 'failed';
      throw error;
    } finally {
      observe({ envelope, waitMs, durationMs: performance.now() - started, outcome });
    }
  };
}
