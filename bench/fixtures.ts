import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineApp } from '../src/bus/app-definition';
import { createSymphony, type Symphony } from '../src/bus/symphony';
import { defaultConfig } from '../src/config/config';
import type { BatchOptions } from '../src/handling/batch-accumulator';
import { defineBatchHandler, defineHandler } from '../src/handling/handler-registry';
import { createLogger, type Logger } from '../src/logger';
import { defineMessage } from '../src/message/define-message';

/** A realistic small message: the shape of the app's email.send, validated the same way. */
export const benchMail = defineMessage(
  'bench.mail',
  z.object({ to: z.email(), subject: z.string().min(1), n: z.number().int().min(0) }).strict(),
);

export type BenchBody = z.input<typeof benchMail.schema>;

export const bodyFor = (n: number): BenchBody => ({
  to: `user${n}@example.com`,
  subject: 'Your weekly digest',
  n,
});

/** Symphony's Redis retention defaults; the raw side gets the same so both store the same amount. */
export const RETENTION = (() => {
  const { retention } = defaultConfig();
  return {
    removeOnComplete: { count: retention.completedCount },
    removeOnFail: { age: retention.failedAgeSeconds },
  };
})();

/** Fresh names per run so no run sees another's jobs. */
export function freshNames(caseId: string, side: 'raw' | 'sym'): { prefix: string; queue: string } {
  const tag = randomUUID().slice(0, 8);
  return { prefix: `bench-${side}-${tag}`, queue: caseId };
}

export interface BusOptions {
  url: string;
  prefix: string;
  queue: string;
  priorities: boolean;
  /** Called as each message's handler starts, with the message's `n`. */
  onHandled?: (n: number) => void;
  /** Registers a batch handler (no-op per message) instead of a plain one. */
  batch?: BatchOptions;
  /** Default silent; bench/log-sync.ts gives one at info to time the per-message line. */
  logger?: Logger;
}

/**
 * One Symphony bus with a single queue and a no-op handler. The logger is 'silent': at info level
 * pino writes one JSON line per message and the bench would measure the terminal.
 */
export function benchBus(options: BusOptions): Symphony {
  const onHandled = options.onHandled ?? (() => undefined);
  const app = defineApp({
    messages: [benchMail],
    routing: { 'bench.*': options.queue },
    queues: { [options.queue]: { priorities: options.priorities } },
    handlers: [
      options.batch
        ? defineBatchHandler(benchMail, (messages) => messages.forEach((m) => onHandled(m.body.n)), {
            ...options.batch,
            name: 'bench-batch-noop',
          })
        : defineHandler(benchMail, (body) => onHandled(body.n), 'bench-noop'),
    ],
  });
  const logger = options.logger ?? createLogger('silent');
  const config = defaultConfig({ defaultDsn: options.url, redisPrefix: options.prefix, logLevel: 'silent' });
  return createSymphony(app, config, { logger });
}
