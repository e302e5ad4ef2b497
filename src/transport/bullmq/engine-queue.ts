import type { Queue } from 'bullmq';
import type { Transport } from '../transport';
import { BullMqTransport } from './bullmq-transport';

/**
 * The BullMQ Queue behind a Symphony queue, for Bull Board (dashboard/ is its adapter and may hold
 * driver types); undefined for transports that are not BullMQ (sync, memory). The Queue is the
 * transport's own: it closes with the bus.
 */
export function engineQueueOf(transport: Transport, queue: string): Queue | undefined {
  return transport instanceof BullMqTransport ? transport.queue(queue) : undefined;
}
