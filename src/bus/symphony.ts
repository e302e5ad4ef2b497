import type { SymphonyConfig } from '../config/config';
import { ConfigError } from '../errors';
import { HandlerRegistry } from '../handling/handler-registry';
import { createLogger, type Logger } from '../logger';
import type { BodyOf, MessageDefinition } from '../message/define-message';
import { MessageCatalog } from '../message/message-catalog';
import { MemoryTransport } from '../transport/memory/memory-transport';
import type { DuplicateRecord } from '../transport/capabilities';
import type { Consumer, Processor, QueueCounts, Transport } from '../transport/transport';
import type { AppDefinition } from './app-definition';
import { checkAlerts } from '../alerts/alerts-definition';
import { checkSymphonyInput } from './check-input';
import { applyEnvironment } from './environments';
import type { DispatchOptions } from './dispatch-options';
import { DeliveryContext, HandlerDeliveryContext } from './delivery-context';
import { Dispatcher, type BatchItem } from './dispatcher';
import {
  composeHandle,
  type DispatchMiddleware,
  type DispatchResult,
  type HandleMiddleware,
} from './middleware';
import { reportErrors } from './middleware/error-hook.middleware';
import { logHandling, logUnreadable } from './middleware/logging.middleware';
import { timeHandling, type TimingSample } from './middleware/timing.middleware';
import { validateOnHandle } from './middleware/validation.middleware';
import { QueueRegistry } from './queue-registry';
import { Router } from './router';
import type * as MessageSpans from '../telemetry/message-spans';

export interface SymphonyOptions {
  logger?: Logger;
  /** Receives wait and handling time of every delivery (metrics). */
  onTiming?: (sample: TimingSample) => void;
  /**
   * Run last, around the actual send (metrics). Unlike the app's dispatch middleware they do not
   * run where a message is only prepared, such as a schedule's template.
   */
  dispatchObservers?: readonly DispatchMiddleware[];
}

/** The bus: typed dispatch, the handling pipeline, and the queues behind them. */
export class Symphony {
  readonly catalog: MessageCatalog;
  readonly router: Router;
  readonly handlers = new HandlerRegistry();
  readonly queues: QueueRegistry;
  readonly logger: Logger;
  private readonly dispatcher: Dispatcher;
  /** Runs one delivered envelope through the handle middleware and every handler of its type. */
  readonly processor: Processor;

  constructor(
    readonly app: AppDefinition,
    readonly config: SymphonyConfig,
    options: SymphonyOptions = {},
  ) {
    this.logger = options.logger ?? createLogger(config.logLevel);
    this.catalog = new MessageCatalog(app.messages);
    this.router = new Router(app.routing);
    this.queues = new QueueRegistry(app, this.router, this.catalog, config);
    checkAlerts(app.alerts, this.queues.names()); // a wrong rule stops the start, not the evaluator later
    for (const handler of app.handlers ?? []) this.handlers.register(handler);

    // Off, no span code is even loaded: tracing costs nothing per message unless OTEL_* asks for it.
    const spans = config.tracing ? loadMessageSpans() : undefined;
    const dispatchChain: DispatchMiddleware[] = [
      ...(app.middleware?.dispatch ?? []),
      ...(spans ? [spans.traceDispatch()] : []),
      ...(options.dispatchObservers ?? []),
    ];
    this.dispatcher = new Dispatcher(this.router, this.queues, dispatchChain, this.catalog);

    const handleChain: HandleMiddleware[] = [
      ...(spans ? [spans.traceHandling()] : []),
      logHandling(this.logger),
      ...(app.onError ? [reportErrors(app.onError, app.onErrorAttempts === 'every', this.logger)] : []),
      ...(options.onTiming ? [timeHandling(options.onTiming)] : []),
      validateOnHandle(this.catalog),
      ...(app.middleware?.handle ?? []),
    ];
    const handle = composeHandle(handleChain, (envelope, context) =>
      this.handlers.handle(envelope, new HandlerDeliveryContext(this, envelope, context)),
    );
    const logger = this.logger;
    this.processor = (envelope, delivery) =>
      handle(envelope, new DeliveryContext(delivery, envelope, logger));
    this.queues.bindProcessor(this.processor);
  }

  dispatch<D extends MessageDefinition>(
    message: D,
    body: BodyOf<D>,
    options?: DispatchOptions,
  ): Promise<DispatchResult>;
  dispatch(type: string, body: unknown, options?: DispatchOptions): Promise<DispatchResult>;
  dispatch(
    type: string | MessageDefinition,
    body: unknown,
    options?: DispatchOptions,
  ): Promise<DispatchResult> {
    return this.dispatcher.dispatch(type, body, options);
  }

  /** Validates every item first; then one round trip per chunk of 1,000 per transport. */
  dispatchBatch(items: readonly BatchItem[]): Promise<DispatchResult[]> {
    return this.dispatcher.dispatchBatch(items);
  }

  /** Starts consuming one queue with this bus's pipeline (or a wrapper around it). */
  consume(queue: string, options: { concurrency?: number; processor?: Processor } = {}): Consumer {
    return this.queues.transport(queue).consume(queue, options.processor ?? this.processor, {
      concurrency: options.concurrency ?? this.concurrencyFor(queue),
      retryFor: (type) => this.queues.retryFor(queue, type),
      rateLimit: this.queues.options(queue).rateLimit,
      logger: this.logger,
      onUnreadable: logUnreadable(this.logger),
    });
  }

  /** The queue's configured concurrency, raised to its largest batch size (a batch fills only that way). */
  concurrencyFor(queue: string): number {
    return Math.max(this.queues.options(queue).concurrency ?? 1, this.largestBatch(queue));
  }

  private largestBatch(queue: string): number {
    let largest = 0;
    for (const type of this.handlers.types()) {
      if (!this.catalog.has(type) || this.routesTo(type) !== queue) continue;
      for (const h of this.handlers.handlersFor(type)) largest = Math.max(largest, h.batch?.size ?? 0);
    }
    return largest;
  }

  private routesTo(type: string): string | undefined {
    try {
      return this.router.resolve(type);
    } catch {
      return undefined;
    }
  }

  async stats(queues: readonly string[] = this.queues.names()): Promise<Record<string, QueueCounts>> {
    const entries = await Promise.all(
      queues.map(async (q) => [q, await this.queues.transport(q).counts(q)] as const),
    );
    return Object.fromEntries(entries);
  }

  /** Every transport the declared queues use (opened on demand). */
  transports(): Transport[] {
    return [...new Set(this.queues.names().map((q) => this.queues.transport(q)))];
  }

  /** Duplicate dispatches seen for an idempotency key, per queue. */
  async duplicates(key: string): Promise<DuplicateRecord[]> {
    const found = await Promise.all(this.transports().map((t) => t.dedupStats?.show(key) ?? []));
    return found.flat();
  }

  /** Duplicates per message type, summed over transports (for metrics). */
  async duplicateTotals(): Promise<Record<string, number>> {
    const totals: Record<string, number> = {};
    for (const t of this.transports()) {
      for (const [type, n] of Object.entries((await t.dedupStats?.totals()) ?? {}))
        totals[type] = (totals[type] ?? 0) + n;
    }
    return totals;
  }

  /** The in-memory transport behind a `memory://` queue, for tests of app code. */
  memory(queue: string): MemoryTransport {
    const transport = this.queues.transport(queue);
    if (!(transport instanceof MemoryTransport))
      throw new ConfigError(`Queue "${queue}" is not on memory://`);
    return transport;
  }

  /** Handles everything available on memory:// queues now, one message at a time. */
  async flush(): Promise<number> {
    let ran = 0;
    for (const queue of this.queues.names()) {
      if (!(this.queues.transport(queue) instanceof MemoryTransport)) continue;
      const options = { concurrency: 1, retryFor: (type: string) => this.queues.retryFor(queue, type) };
      ran += await this.memory(queue).flush(queue, { processor: this.processor, options });
    }
    return ran;
  }

  async close(): Promise<void> {
    await this.queues.close();
  }
}

export function createSymphony(
  app: AppDefinition,
  config: SymphonyConfig,
  options?: SymphonyOptions,
): Symphony {
  checkSymphonyInput(app, config);
  return new Symphony(applyEnvironment(app, config.environment), config, options);
}

/** The span middleware, required only when traces are on. */
const loadMessageSpans = (): typeof MessageSpans =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, not at import
  require('../telemetry/message-spans');
