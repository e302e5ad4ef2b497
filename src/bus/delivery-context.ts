import type { HandlerContext } from '../handling/handler-registry';
import type { Logger } from '../logger';
import type { Envelope } from '../message/envelope';
import type { DeliveryInfo } from '../transport/transport';
import { followUpBus, type MessageBus } from './follow-up-bus';
import type { HandleContext } from './middleware';

/*
 * One of each per delivery, so they are classes: an object literal with getters would make new
 * getter functions for every message. What they hold is private (#), so logging one shows nothing
 * of the bus or the message.
 */

/** The middleware's context: the delivery, and a logger with the message's fields made on first use. */
export class DeliveryContext implements HandleContext {
  readonly #envelope: Envelope;
  readonly #base: Logger;
  #child: Logger | undefined;

  constructor(
    readonly delivery: DeliveryInfo,
    envelope: Envelope,
    base: Logger,
  ) {
    this.#envelope = envelope;
    this.#base = base;
  }

  get logger(): Logger {
    const envelope = this.#envelope;
    return (this.#child ??= this.#base.child({
      id: envelope.id,
      type: envelope.type,
      queue: envelope.queue,
      attempt: this.delivery.attempt,
    }));
  }
}

/** A handler's context: the middleware's, plus the bus for follow-ups (made only when asked for). */
export class HandlerDeliveryContext implements HandlerContext {
  readonly #owner: MessageBus;
  readonly #envelope: Envelope;
  readonly #context: HandleContext;
  #followUps: MessageBus | undefined;

  constructor(owner: MessageBus, envelope: Envelope, context: HandleContext) {
    this.#owner = owner;
    this.#envelope = envelope;
    this.#context = context;
  }

  get delivery(): HandleContext['delivery'] {
    return this.#context.delivery;
  }

  get logger(): Logger {
    return this.#context.logger;
  }

  get bus(): MessageBus {
    return (this.#followUps ??= followUpBus(this.#owner, this.#envelope));
  }
}
