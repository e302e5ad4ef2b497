import type { RequestHandler } from 'express';
import { MemoryStore, rateLimit } from 'express-rate-limit';
import type { HttpConfig } from '../config/http-config';
import { HttpError } from './errors';
import './locals';

export interface DispatchLimiter {
  middleware: RequestHandler;
  /** Stops the store's reset timer. */
  close(): void;
}

/**
 * Per token (per process: each API instance counts on its own), so one noisy client cannot flood
 * the queues for everyone. express-rate-limit sets Retry-After before calling the handler.
 */
export function dispatchLimiter(config: HttpConfig['dispatchRateLimit']): DispatchLimiter {
  const store = new MemoryStore();
  const middleware = rateLimit({
    windowMs: config.windowMs,
    limit: config.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store,
    keyGenerator: (_req, res) => res.locals.principal?.id ?? 'anonymous',
    handler: (_req, _res, next) =>
      next(
        new HttpError(
          429,
          'RATE_LIMITED',
          `Too many dispatch requests for this token: at most ${config.max} per ${config.windowMs} ms; retry after the Retry-After header's seconds`,
        ),
      ),
  });
  return { middleware, close: () => store.shutdown() };
}
