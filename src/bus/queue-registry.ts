import type { SymphonyConfig } from '../config/config';
import { ValidationError } from '../errors';
import type { MessageCatalog } from '../message/message-catalog';
import { RetryStrategy } from '../retry/retry-strategy';
import { createTransport } from '../transport/factory';
import type { Processor, Transport } from '../transport/transport';
import type { AppDefinition, QueueOptions } from './app-definition';
import { checkAppLimits } from './app-limits';
import type { Router } from './router';

/** Queue name -> options, transport (one per distinct DSN) and retry strategy per message type. */
export class QueueRegistry {
  private readonly declared: Map<string, QueueOptions>;
  private readonly transports = new Map<string, Transport>();
  /** queue -> type -> strategy (asked for at every delivery). */
  private readonly strategies = new Map<string, Map<string, RetryStrategy>>();
  private processor: Processor = async () => {
    throw new Error('The bus is not wired yet');
  };

  constructor(
    app: AppDefinition,
    router: Router,
    private readonly catalog: MessageCatalog,
    private readonly config: SymphonyConfig,
  ) {
    this.declared = new Map(Object.entries(app.queues ?? {}));
    for (const queue of router.queues()) if (!this.declared.has(queue)) this.declared.set(queue, {});
    for (const [, options] of [...this.declared]) {
      for (const target of Object.values(options.priorityQueues ?? {})) {
        if (!this.declared.has(target)) this.declared.set(target, { ...options, priorityQueues: undefined });
      }
    }
    checkAppLimits(app.queues ?? {}, catalog);
  }

  /** The handling pipeline that in-process transports (sync) call. */
  bindProcessor(processor: Processor): void {
    this.processor = processor;
  }

  names(): string[] {
    return [...this.declared.keys()];
  }

  options(queue: string): QueueOptions {
    const options = this.declared.get(queue);
    if (!options) throw unknownQueueError(queue, this.names());
    return options;
  }

  dsn(queue: string): string {
    return this.options(queue).dsn ?? this.config.defaultDsn;
  }

  transport(queue: string): Transport {
    const dsn = this.dsn(queue);
    let transport = this.transports.get(dsn);
    if (!transport) {
      transport = createTransport(dsn, {
        config: this.config,
        processor: (envelope, delivery) => this.processor(envelope, delivery),
        retryFor: (q, type) => this.retryFor(q, type),
      });
      this.transports.set(dsn, transport);
    }
    return transport;
  }

  /** Type override on top of the queue's strategy on top of the defaults. */
  retryFor(queue: string, type: string): RetryStrategy {
    let byType = this.strategies.get(queue);
    if (!byType) this.strategies.set(queue, (byType = new Map()));
    let strategy = byType.get(type);
    if (!strategy) {
      const typeRetry = this.catalog.has(type) ? this.catalog.get(type).options.retry : undefined;
      strategy = new RetryStrategy({ ...this.declared.get(queue)?.retry, ...typeRetry });
      byType.set(type, strategy);
    }
    return strategy;
  }

  openTransports(): Transport[] {
    return [...this.transports.values()];
  }

  async close(): Promise<void> {
    const transports = [...this.transports.values()];
    this.transports.clear();
    await Promise.all(transports.map((t) => t.close()));
  }
}

/** The error for a queue the app does not declare, naming the ones it does. */
export function unknownQueueError(queue: string, known: readonly string[]): ValidationError {
  return new ValidationError('Unknown queue', [
    { path: 'queue', message: `"${queue}" is not declared; known queues: ${known.join(', ')}` },
  ]);
}
