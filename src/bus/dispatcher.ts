import { ValidationError } from '../errors';
import type { MessageDefinition } from '../message/define-message';
import type { MessageCatalog } from '../message/message-catalog';
import { validateBody } from '../message/validate-body';
import { createEnvelope, type Envelope, type PriorityLevel } from '../message/envelope';
import type { SendOptions, SendResult, Transport } from '../transport/transport';
import { delayFrom, parseDispatchOptions, type DispatchOptions } from './dispatch-options';
import { LIMITS } from './limits';
import { composeDispatch, type DispatchMiddleware, type DispatchResult } from './middleware';
import { isPriorityLevel, toPriorityNumber } from './priority';
import type { QueueRegistry } from './queue-registry';
import type { Router } from './router';
import { validateOnDispatch } from './middleware/validation.middleware';
import { BATCH_CHUNK, sendInBatches } from './send-in-batches';
import { sendOptionsOf, withSendOptions } from './send-options';

export interface BatchItem {
  type: string | MessageDefinition;
  body: unknown;
  options?: DispatchOptions;
}

/**
 * Builds envelopes, validates bodies, runs the dispatch middleware, and hands messages to their
 * queue's transport. A batch is validated whole up front, so its middleware chain skips validation.
 */
export class Dispatcher {
  private readonly chain: (envelope: Envelope) => Promise<DispatchResult>;
  /**
   * Per type, then per level ('' = no options), where a message dispatched without options or with
   * only a priority level goes and how: routing and config are fixed, so it is worked out once.
   */
  private readonly plans = new Map<string, Map<PriorityLevel | '', Plan>>();

  constructor(
    private readonly router: Router,
    private readonly queues: QueueRegistry,
    private readonly middlewares: readonly DispatchMiddleware[],
    private readonly catalog: MessageCatalog,
  ) {
    this.chain = composeDispatch([validateOnDispatch(catalog), ...middlewares], (envelope) =>
      this.send(envelope),
    );
  }

  dispatch(
    type: string | MessageDefinition,
    body: unknown,
    options?: DispatchOptions,
  ): Promise<DispatchResult> {
    // Not async: an async function returning the chain's promise costs every dispatch extra turns.
    try {
      return this.chain(this.envelopeFor(type, body, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async dispatchBatch(items: readonly BatchItem[]): Promise<DispatchResult[]> {
    if (items.length > LIMITS.maxLibraryBatch) {
      throw new ValidationError('Batch too large', [
        {
          path: 'items',
          message: `at most ${LIMITS.maxLibraryBatch.toLocaleString('en-US')} messages per dispatchBatch, got ${items.length.toLocaleString('en-US')}: split it`,
        },
      ]);
    }
    const envelopes = items.map((item, index) => {
      try {
        const envelope = this.envelopeFor(item.type, item.body, item.options);
        validateBody(this.catalog.get(envelope.type), envelope.body); // the whole batch or nothing
        return envelope;
      } catch (error) {
        if (error instanceof ValidationError) {
          throw new ValidationError(
            `Invalid batch item ${index}`,
            error.issues.map((i) => ({ ...i, path: i.path ? `${index}.${i.path}` : String(index) })),
          );
        }
        throw error;
      }
    });
    if (this.middlewares.length > 0)
      return sendInBatches(envelopes, this.middlewares, (batch) => this.sendMany(batch));
    const results: DispatchResult[] = [];
    for (let start = 0; start < envelopes.length; start += BATCH_CHUNK) {
      results.push(...(await this.sendMany(envelopes.slice(start, start + BATCH_CHUNK))));
    }
    return results;
  }

  private envelopeFor(
    type: string | MessageDefinition,
    body: unknown,
    rawOptions?: DispatchOptions,
  ): Envelope {
    const typeName = typeof type === 'string' ? type : type.type;
    if (!rawOptions) return this.plannedEnvelope(typeName, body, '');
    const level = levelOnly(rawOptions);
    if (level) return this.plannedEnvelope(typeName, body, level);
    return this.envelopeWith(typeName, body, rawOptions);
  }

  private envelopeWith(typeName: string, body: unknown, rawOptions: DispatchOptions): Envelope {
    const options = parseDispatchOptions(rawOptions);
    const priority = options.priority ?? 'normal';
    const routed = this.router.resolve(typeName, options.queue);
    const dedicated =
      typeof priority === 'string' ? this.queues.options(routed).priorityQueues?.[priority] : undefined;
    const queue = dedicated ?? routed;
    const queueOptions = this.queues.options(queue);
    if (options.priority !== undefined && queueOptions.priorities === false) {
      throw new ValidationError('Invalid dispatch options', [
        { path: 'options.priority', message: `queue "${queue}" does not use priorities` },
      ]);
    }
    const envelope = createEnvelope({
      type: typeName,
      body,
      queue,
      priority,
      correlationId: options.correlationId,
      causationId: options.causationId,
      idempotencyKey: options.idempotencyKey,
      headers: options.headers,
    });
    const sendOptions: SendOptions = {
      attempts: this.queues.retryFor(queue, typeName).maxAttempts,
      priority: queueOptions.priorities === false ? undefined : toPriorityNumber(priority),
      delayMs: delayFrom(options),
    };
    if (options.idempotencyKey) {
      const mode = options.idempotencyMode ?? 'until-done';
      if (mode === 'window') sendOptions.dedup = { id: options.idempotencyKey, ttlMs: options.windowMs };
      else if (mode === 'debounce') {
        const windowMs = options.windowMs ?? (sendOptions.delayMs || 1000);
        sendOptions.delayMs = sendOptions.delayMs || windowMs;
        sendOptions.dedup = { id: options.idempotencyKey, ttlMs: windowMs, extend: true, replace: true };
      } else sendOptions.dedup = { id: options.idempotencyKey };
    }
    return withSendOptions(envelope, sendOptions);
  }

  /** The common cases, no options or only a level: routing and send options worked out once. */
  private plannedEnvelope(type: string, body: unknown, level: PriorityLevel | ''): Envelope {
    let byLevel = this.plans.get(type);
    if (!byLevel) this.plans.set(type, (byLevel = new Map()));
    let plan = byLevel.get(level);
    if (!plan) {
      const template = this.envelopeWith(type, body, level ? { priority: level } : {});
      plan = { queue: template.queue, sendOptions: Object.freeze(sendOptionsOf(template)) };
      byLevel.set(level, plan);
    }
    const priority = level || undefined;
    return withSendOptions(createEnvelope({ type, body, queue: plan.queue, priority }), plan.sendOptions);
  }

  private async send(envelope: Envelope): Promise<DispatchResult> {
    const transport = this.queues.transport(envelope.queue);
    const result = await transport.send(envelope, sendOptionsOf(envelope));
    if (envelope.idempotencyKey) await countDuplicate(transport, envelope, result);
    return { queue: envelope.queue, ...result };
  }

  private async sendMany(envelopes: Envelope[]): Promise<DispatchResult[]> {
    // group by transport, keep input order in the results
    const results: DispatchResult[] = new Array(envelopes.length);
    const groups = new Map<ReturnType<QueueRegistry['transport']>, number[]>();
    envelopes.forEach((e, i) => {
      const t = this.queues.transport(e.queue);
      const list = groups.get(t);
      if (list) list.push(i);
      else groups.set(t, [i]);
    });
    await Promise.all(
      [...groups].map(async ([transport, indexes]) => {
        const sent = await transport.sendBatch(
          indexes.map((i) => ({ envelope: envelopes[i]!, options: sendOptionsOf(envelopes[i]!) })),
        );
        const counted: Promise<void>[] = [];
        sent.forEach((r, k) => {
          const envelope = envelopes[indexes[k]!]!;
          if (envelope.idempotencyKey) counted.push(countDuplicate(transport, envelope, r));
        });
        await Promise.all(counted);
        sent.forEach((r, k) => (results[indexes[k]!] = { queue: envelopes[indexes[k]!]!.queue, ...r }));
      }),
    );
    return results;
  }
}

interface Plan {
  queue: string;
  sendOptions: Readonly<SendOptions>;
}

/** The level when a priority level is the only option given (own keys; anything else takes the full path). */
function levelOnly(options: DispatchOptions): PriorityLevel | undefined {
  const { priority } = options;
  if (!isPriorityLevel(priority)) return undefined;
  for (const key in options) if (key !== 'priority') return undefined;
  return priority;
}

/** Duplicates (dropped, or replaced by a debounce) are counted per key and per type, awaited so they are queryable at once. */
async function countDuplicate(transport: Transport, envelope: Envelope, result: SendResult): Promise<void> {
  if (!transport.dedupStats || !envelope.idempotencyKey || !(result.deduplicated || result.replacedId))
    return;
  await transport.dedupStats.record({
    key: envelope.idempotencyKey,
    queue: envelope.queue,
    type: envelope.type,
    keptId: result.existingId ?? result.id,
    at: Date.now(),
  });
}
