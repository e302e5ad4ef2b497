import { HandlerFailedError, toError } from '../../errors';
import type { Logger } from '../../logger';
import type { Envelope } from '../../message/envelope';
import { willRetry } from '../../retry/retry-decision';
import type { HandleMiddleware } from '../middleware';

/** What an error tracker needs about a failed delivery. */
export interface HandlerErrorEvent {
  id: string;
  type: string;
  queue: string;
  /** 1-based; `final` is true when no retry follows (last attempt, or an UnrecoverableError). */
  attempt: number;
  maxAttempts: number;
  /** What the handler threw (each handler's own error is in `failures` when several failed). */
  error: Error;
  /** The handlers that failed, by name, with their errors; empty when the delivery failed before them. */
  failures: { handler: string; error: Error }[];
  final: boolean;
  correlationId: string;
  envelope: Envelope;
}

export type ErrorHook = (event: HandlerErrorEvent) => void | Promise<void>;

/**
 * Calls the app's `onError` when a delivery fails for good (every failed attempt with
 * `everyAttempt`). The hook runs beside the delivery, never in its way: the message moves on to
 * its retry or the failed store at once, and a hook that throws is a log line, not a new failure.
 */
export function reportErrors(hook: ErrorHook, everyAttempt: boolean, logger: Logger): HandleMiddleware {
  return async (envelope, context, next) => {
    try {
      await next(envelope);
    } catch (thrown) {
      const { attempt, maxAttempts } = context.delivery;
      const final = !willRetry(thrown, context.delivery);
      if (final || everyAttempt) {
        const failures = thrown instanceof HandlerFailedError ? thrown.failures : [];
        const event: HandlerErrorEvent = {
          id: envelope.id,
          type: envelope.type,
          queue: envelope.queue,
          attempt,
          maxAttempts,
          // one failed handler: its own error, with its own stack (what a tracker groups by)
          error: failures.length === 1 ? failures[0]!.error : toError(thrown),
          failures,
          final,
          correlationId: envelope.correlationId,
          envelope,
        };
        void Promise.resolve()
          .then(() => hook(event))
          .catch((error: unknown) =>
            logger.warn(
              { id: envelope.id, type: envelope.type, error: toError(error).message },
              'onError hook failed',
            ),
          );
      }
      throw thrown;
    }
  };
}
