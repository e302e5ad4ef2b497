import { z } from 'zod';
import { defineApp, type QueueOptions } from '../../src/bus/app-definition';
import type { Symphony } from '../../src/bus/symphony';
import { defineHandler, type HandlerDescriptor } from '../../src/handling/handler-registry';
import type { Envelope } from '../../src/message/envelope';
import { defineMessage } from '../../src/message/define-message';
import { testBus } from '../helpers/bus';
import type { ContractTarget } from './targets';

export const job = defineMessage(
  'contract.job',
  z.object({ n: z.number().int(), label: z.string().optional() }),
);

export interface Seen {
  envelope: Envelope<{ n: number; label?: string }>;
  at: number;
}

/** A bus on the target with one queue `q`, and a recorder of every handler start. */
export function contractBus(
  target: ContractTarget,
  queue: QueueOptions,
  handle: (body: { n: number; label?: string }, envelope: Envelope) => Promise<void> | void = () => undefined,
  extraHandlers: HandlerDescriptor<never>[] = [],
): { bus: Symphony; seen: Seen[] } {
  const seen: Seen[] = [];
  const recorder = defineHandler(job, async (body, envelope) => {
    seen.push({ envelope: envelope as Seen['envelope'], at: Date.now() });
    await handle(body, envelope as Envelope);
  });
  const app = defineApp({
    messages: [job],
    routing: { 'contract.*': 'q' },
    queues: { q: { concurrency: 1, ...queue } },
    handlers: extraHandlers.length > 0 ? extraHandlers : [recorder],
  });
  return {
    bus: testBus(app, { defaultDsn: target.dsn(), lockDurationMs: 5_000, stalledIntervalMs: 5_000 }),
    seen,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
