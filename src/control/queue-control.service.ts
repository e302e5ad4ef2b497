import type { Symphony } from '../bus/symphony';
import { SymphonyError } from '../errors';
import type { QueueControl, QueueRuntime, RateLimit } from '../transport/capabilities';

export class UnsupportedCapabilityError extends SymphonyError {
  constructor(queue: string, kind: string, capability: string) {
    super('UNSUPPORTED', `Queue "${queue}" is on a ${kind} transport, which has no ${capability}.`);
  }
}

export interface QueueSettings {
  concurrency?: number | null;
  rateLimit?: RateLimit | null;
}

/** Pause/resume and throttle queues at runtime; used by the CLI and HTTP alike. */
export class QueueControlService {
  constructor(private readonly symphony: Symphony) {}

  private control(queue: string): QueueControl {
    this.symphony.queues.options(queue); // unknown queue -> ValidationError naming the known ones
    const transport = this.symphony.queues.transport(queue);
    if (!transport.control) throw new UnsupportedCapabilityError(queue, transport.kind, 'runtime control');
    return transport.control;
  }

  async pause(queue: string): Promise<QueueRuntime> {
    await this.control(queue).pause(queue);
    return this.runtime(queue);
  }

  async resume(queue: string): Promise<QueueRuntime> {
    await this.control(queue).resume(queue);
    return this.runtime(queue);
  }

  /** `null` removes a setting; `undefined` leaves it as it is. */
  async set(queue: string, settings: QueueSettings): Promise<QueueRuntime> {
    const control = this.control(queue);
    if (settings.concurrency !== undefined) await control.setConcurrency(queue, settings.concurrency);
    if (settings.rateLimit !== undefined) await control.setRateLimit(queue, settings.rateLimit);
    return this.runtime(queue);
  }

  runtime(queue: string): Promise<QueueRuntime> {
    return this.control(queue).runtime(queue);
  }
}
