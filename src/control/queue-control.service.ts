import { z } from 'zod';
import { rateLimitSchema } from '../bus/app-limits';
import { bounded } from '../bus/limits';
import type { Symphony } from '../bus/symphony';
import { SymphonyError, ValidationError } from '../errors';
import { zodIssues } from '../message/validate-body';
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

const settingsSchema = z.object({
  concurrency: bounded.concurrency().nullable().optional(),
  rateLimit: rateLimitSchema.nullable().optional(),
});

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
    const checked = settingsSchema.safeParse(settings);
    if (!checked.success) throw new ValidationError('Invalid queue settings', zodIssues(checked.error));
    const control = this.control(queue);
    if (settings.concurrency !== undefined) await control.setConcurrency(queue, settings.concurrency);
    if (settings.rateLimit !== undefined) await control.setRateLimit(queue, settings.rateLimit);
    return this.runtime(queue);
  }

  runtime(queue: string): Promise<QueueRuntime> {
    return this.control(queue).runtime(queue);
  }
}
