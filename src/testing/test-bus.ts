import type { AppDefinition, QueueOptions } from '../bus/app-definition';
import type { DispatchMiddleware, DispatchResult } from '../bus/middleware';
import { Symphony, type SymphonyOptions } from '../bus/symphony';
import { checkSymphonyInput } from '../bus/check-input';
import { defaultConfig, type SymphonyConfig } from '../config/config';
import type { HandlerDescriptor } from '../handling/handler-registry';
import type { MessageDefinition } from '../message/define-message';
import type { Envelope } from '../message/envelope';
import { MemoryTransport } from '../transport/memory/memory-transport';

/** One dispatch the bus saw, whoever made it (the code under test or a handler it ran). */
export interface DispatchedMessage {
  type: string;
  body: unknown;
  queue: string;
  envelope: Envelope;
  result: DispatchResult;
}

export interface TestBusOptions {
  /** Replace the app's handlers (fakes); default: the app's own. */
  handlers?: readonly HandlerDescriptor<never>[];
  /**
   * `immediate` (default): retries wait for nothing, so one runHandlers() sees every attempt and
   * the final failure. `as-configured` keeps the app's retry delays (runHandlers() then leaves the
   * messages that wait for a retry).
   */
  retryDelays?: 'immediate' | 'as-configured';
  config?: Partial<SymphonyConfig>;
  options?: SymphonyOptions;
}

/** Runs of handling after which runHandlers() gives up: handlers that keep dispatching forever. */
const MAX_ROUNDS = 1000;

/**
 * A bus for tests of app code (Symfony's in-memory transport, Laravel's Queue::fake()): every queue
 * on memory://, every dispatch recorded, handlers run only when the test asks.
 */
export class TestBus extends Symphony {
  readonly dispatched: DispatchedMessage[];

  constructor(app: AppDefinition, options: TestBusOptions = {}) {
    const dispatched: DispatchedMessage[] = [];
    const record: DispatchMiddleware = async (envelope, next) => {
      const result = await next(envelope);
      dispatched.push({ type: envelope.type, body: envelope.body, queue: result.queue, envelope, result });
      return result;
    };
    const config = defaultConfig({ logLevel: 'silent', ...options.config, defaultDsn: 'memory://' });
    const memoryApp = inMemory(app, options);
    checkSymphonyInput(memoryApp, config);
    super(memoryApp, config, {
      ...options.options,
      dispatchObservers: [...(options.options?.dispatchObservers ?? []), record],
    });
    this.dispatched = dispatched;
  }

  /** What was dispatched of one type (by definition or name), in order. */
  dispatchedOf(message: MessageDefinition | string): DispatchedMessage[] {
    const type = typeof message === 'string' ? message : message.type;
    return this.dispatched.filter((d) => d.type === type);
  }

  /**
   * Handles what was dispatched, and what those handlers dispatch in turn, until nothing is due:
   * the full handle chain (validation, middleware, handlers, retries). Resolves to the number of
   * deliveries run; see failures() for those that failed for good.
   */
  async runHandlers(): Promise<number> {
    let total = 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const ran = await this.flush();
      if (ran === 0) return total;
      total += ran;
    }
    throw new Error(
      `runHandlers(): still handling after ${MAX_ROUNDS} rounds; do handlers dispatch in a loop?`,
    );
  }

  /** Messages that failed for good, with the last error. */
  failures(): { envelope: Envelope; error: { message: string } }[] {
    return this.records()
      .filter((r) => r.state === 'failed')
      .map((r) => ({ envelope: r.envelope, error: { message: r.error?.message ?? 'unknown error' } }));
  }

  /** Forgets what was dispatched and drops every queued message: a fresh start within a test file. */
  reset(): void {
    this.dispatched.length = 0;
    const transport = this.queues.openTransports().find((t) => t instanceof MemoryTransport);
    if (transport) (transport as MemoryTransport).store.records.length = 0;
  }

  private records() {
    return this.queues.openTransports().flatMap((t) => (t instanceof MemoryTransport ? [...t.list()] : []));
  }
}

export function createTestBus(app: AppDefinition, options: TestBusOptions = {}): TestBus {
  return new TestBus(app, options);
}

/** The app with every queue on memory:// (and, by default, retry delays of zero). */
function inMemory(app: AppDefinition, options: TestBusOptions): AppDefinition {
  const immediate = (options.retryDelays ?? 'immediate') === 'immediate';
  const queue = (o: QueueOptions): QueueOptions => ({
    ...o,
    dsn: 'memory://',
    ...(immediate ? { retry: { ...o.retry, delay: 0, jitter: 0 } } : {}),
  });
  const queues = Object.fromEntries(Object.entries(app.queues ?? {}).map(([name, o]) => [name, queue(o)]));
  // every routed queue gets the default retry too (they are declared implicitly otherwise)
  for (const target of Object.values(app.routing)) queues[target] ??= queue({});
  const messages = immediate
    ? app.messages.map((m) =>
        m.options.retry
          ? { ...m, options: { ...m.options, retry: { ...m.options.retry, delay: 0, jitter: 0 } } }
          : m,
      )
    : app.messages;
  return { ...app, messages, queues, handlers: options.handlers ?? app.handlers };
}
