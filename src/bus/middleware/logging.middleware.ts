import type { Logger } from 'pino';
import { willRetry } from '../../retry/retry-decision';
import type { Envelope } from '../../message/envelope';
import type { UnreadableDelivery } from '../../transport/transport';
import type { HandleMiddleware } from '../middleware';

export type Outcome = 'handled' | 'retry' | 'failed';

/**
 * One JSON line per delivery with id, type, queue, attempt, durationMs and outcome: scripts and
 * operators parse these fields, so they are a contract.
 */
export function logHandling(logger: Logger): HandleMiddleware {
  const logged = logDelivery(logger);
  // A logger that writes nothing (silent) gets no timing and no extra step per delivery.
  return (envelope, context, next) =>
    logger.isLevelEnabled('error') ? logged(envelope, context, next) : next(envelope);
}

function logDelivery(logger: Logger): HandleMiddleware {
  return async (envelope, context, next) => {
    const started = performance.now();
    const { attempt } = context.delivery;
    try {
      await next(envelope);
      // Building the line costs more than a no-op handler (bench/README.md); skip it when info is off.
      if (logger.isLevelEnabled('info')) {
        logger.info(
          {
            ...fieldsOf(envelope, attempt),
            durationMs: elapsed(started),
            outcome: 'handled' satisfies Outcome,
          },
          'message handled',
        );
      }
    } catch (error) {
      const outcome: Outcome = willRetry(error, context.delivery) ? 'retry' : 'failed';
      logFailure(logger, fieldsOf(envelope, attempt), elapsed(started), outcome, error as Error);
      throw error;
    }
  };
}

/**
 * The line of a delivery whose stored data could not be read (not JSON, not a v1 envelope): it
 * goes to the failed store at once, without reaching the handling pipeline.
 */
export const logUnreadable =
  (logger: Logger) =>
  (fields: UnreadableDelivery, error: Error): void =>
    logFailure(logger, fields, 0, 'failed', error);

function logFailure(
  logger: Logger,
  fields: UnreadableDelivery,
  durationMs: number,
  outcome: Exclude<Outcome, 'handled'>,
  err: Error,
): void {
  logger[outcome === 'retry' ? 'warn' : 'error'](
    { ...fields, durationMs, outcome, error: { name: err.name, message: err.message } },
    outcome === 'retry' ? 'message will be retried' : 'message failed',
  );
}

const fieldsOf = (envelope: Envelope, attempt: number): UnreadableDelivery => ({
  id: envelope.id,
  type: envelope.type,
  queue: envelope.queue,
  attempt,
});

const elapsed = (started: number): number => Math.round((performance.now() - started) * 100) / 100;
