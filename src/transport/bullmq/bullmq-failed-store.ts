import type { Queue } from 'bullmq';
import type { FailedMessage, FailedStore } from '../capabilities';

/** The failed store on BullMQ's `failed` state (retained by removeOnFail age). */
export class BullMqFailedStore implements FailedStore {
  constructor(private readonly queue: (name: string) => Queue) {}

  async countFailed(queue: string): Promise<number> {
    return this.queue(queue).getFailedCount();
  }

  async listFailed(_queue: string, _start: number, _end: number): Promise<FailedMessage[]> {
    throw new Error('not implemented yet');
  }

  async getFailed(_queue: string, _id: string): Promise<FailedMessage | undefined> {
    throw new Error('not implemented yet');
  }

  async retryFailed(_queue: string, _id: string): Promise<boolean> {
    throw new Error('not implemented yet');
  }

  async removeFailed(_queue: string, _id: string): Promise<boolean> {
    throw new Error('not implemented yet');
  }
}
