import { toError } from '../../errors';
import type { Envelope } from '../../message/envelope';
import { retryDelay, willRetry } from '../../retry/retry-decision';
import type { RetryStrategy } from '../../retry/retry-strategy';
import {
  EMPTY_COUNTS,
  type Consumer,
  type Processor,
  type QueueCounts,
  type SendOptions,
  type SendResult,
  type Transport,
} from '../transport';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `sync://`: the message is handled inside dispatch, like Symfony's sync transport. Retries follow
 * the same strategy, waiting inline; the last error is thrown to the caller of dispatch.
 */
export class SyncTransport implements Transport {
  readonly kind = 'sync';

  constructor(
    private readonly processor: Processor,
    private readonly retryFor: (queue: string, type: string) => RetryStrategy,
  ) {}

  async send(envelope: Envelope, options: SendOptions): Promise<SendResult> {
    if (options.delayMs) await sleep(options.delayMs);
    for (let attempt = 1; ; attempt++) {
      const delivery = { attempt, maxAttempts: options.attempts };
      try {
        await this.processor({ ...envelope, attempt }, delivery);
        return { id: envelope.id, deduplicated: false };
      } catch (thrown) {
        const error = toError(thrown);
        if (!willRetry(error, delivery)) throw error;
        await sleep(retryDelay(error, this.retryFor(envelope.queue, envelope.type), attempt));
      }
    }
  }

  async sendBatch(items: { envelope: Envelope; options: SendOptions }[]): Promise<SendResult[]> {
    const results: SendResult[] = [];
    for (const item of items) results.push(await this.send(item.envelope, item.options));
    return results;
  }

  consume(): Consumer {
    const none = async () => undefined; // nothing is ever stored
    return { ready: none, close: none, pause: none, resume: none };
  }

  async counts(): Promise<QueueCounts> {
    return { ...EMPTY_COUNTS };
  }

  async close(): Promise<void> {}
}
