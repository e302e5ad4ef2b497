import type { QueueOptions } from '../src/bus/app-definition';

/** Per-queue transport and worker defaults. A queue without `dsn` uses SYMPHONY_TRANSPORT_DSN. */
export const queues: Record<string, QueueOptions> = {
  emails: { concurrency: 10, retry: { maxRetries: 3, delay: 1000, multiplier: 2, maxDelay: 60_000 } },
  campaigns: { concurrency: 2, retry: { maxRetries: 5, delay: 5000 } },
  sms: { concurrency: 5 },
  default: {},
};
