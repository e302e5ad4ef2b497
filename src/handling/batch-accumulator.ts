import { ConfigError, toError } from '../errors';
import type { Envelope } from '../message/envelope';

export interface BatchMessage<B = unknown> {
  readonly body: B;
  readonly envelope: Envelope<B>;
  /** Fails this message only; the rest of the batch succeeds. */
  fail(error: Error): void;
}

export type BatchHandlerFn<B = unknown> = (messages: BatchMessage<B>[]) => Promise<void> | void;

export interface BatchOptions {
  /** Flush as soon as this many messages are waiting. */
  size: number;
  /** Flush whatever is waiting this long after the first message arrived. */
  maxWaitMs: number;
}

interface Pending {
  envelope: Envelope;
  failure?: Error;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Collects deliveries for a batch handler. Each delivery waits on its own promise, so each message
 * still succeeds, retries or fails on its own in the transport. Workers need a concurrency of at
 * least `size` to ever fill a batch.
 */
export class BatchAccumulator {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly handle: BatchHandlerFn,
    private readonly options: BatchOptions,
  ) {
    if (!(Number.isInteger(options.size) && options.size >= 1 && options.maxWaitMs >= 0)) {
      throw new ConfigError(`Invalid batch options ${JSON.stringify(options)}: size >= 1, maxWaitMs >= 0`);
    }
  }

  add(envelope: Envelope): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ envelope, resolve, reject });
      if (this.pending.length >= this.options.size) void this.flush();
      else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.options.maxWaitMs);
    });
  }

  /** Hands everything waiting to the handler now. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending.splice(0, this.options.size);
    if (this.pending.length > 0) this.timer = setTimeout(() => void this.flush(), this.options.maxWaitMs);
    if (batch.length === 0) return;
    const messages: BatchMessage[] = batch.map((p) => ({
      body: p.envelope.body,
      envelope: p.envelope,
      fail: (error: Error) => void (p.failure = error),
    }));
    try {
      await this.handle(messages);
      batch.forEach((p) => (p.failure ? p.reject(p.failure) : p.resolve()));
    } catch (thrown) {
      const error = toError(thrown);
      batch.forEach((p) => p.reject(p.failure ?? error));
    }
  }
}
