import { Queue, Worker, type Processor, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { RETENTION } from './fixtures';
import type { RawHandle } from './stores';

/**
 * Plain BullMQ wired the way Symphony's Redis transport wires it: one shared ioredis client
 * (maxRetriesPerRequest null) for the Queue and the Worker, and the same retention options.
 */
export class RawSide implements RawHandle {
  readonly connection: Redis;
  readonly queue: Queue;
  private readonly workers: Worker[] = [];

  constructor(
    url: string,
    readonly prefix: string,
    readonly name: string,
  ) {
    this.connection = new Redis(url, { maxRetriesPerRequest: null });
    this.queue = new Queue(name, { connection: this.connection, prefix, defaultJobOptions: RETENTION });
  }

  worker(concurrency: number, processor: Processor, extra: Partial<WorkerOptions> = {}): Worker {
    const worker = new Worker(this.name, processor, {
      ...extra,
      connection: this.connection,
      prefix: this.prefix,
      concurrency,
    });
    this.workers.push(worker);
    return worker;
  }

  /** Drops the run's keys so Redis memory stays flat across runs, then disconnects. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.queue.obliterate({ force: true });
    await this.queue.close();
    await this.connection.quit();
  }
}
