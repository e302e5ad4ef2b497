import { createSymphony, type Symphony } from '../../src/bus/symphony';
import { defaultConfig } from '../../src/config/config';
import { createLogger } from '../../src/logger';
import app, { chaosWork } from '../app';
import type { ChaosStore } from './stores';

/** How long a chaos producer's dispatch may wait for its store before it is refused. */
export const PRODUCER_TIMEOUT_MS = 2000;
/** Dispatches in flight at once in a background producer. */
export const PRODUCER_LOOPS = 4;

/**
 * The application side: dispatches `chaos.work` and remembers what the store acknowledged (the
 * dispatch resolved) and what it refused (rejected: not acknowledged, so never counted as lost).
 */
export class Producer {
  readonly bus: Symphony;
  readonly acknowledged: string[] = [];
  rejected = 0;
  /** The longest a refused dispatch took to be refused. */
  slowestRefusalMs = 0;
  private sent = 0;
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(store: ChaosStore) {
    this.bus = createSymphony(
      app,
      defaultConfig({
        defaultDsn: store.dsn,
        redisPrefix: store.prefix,
        autoMigrate: true,
        logLevel: 'silent',
        storeTimeoutMs: PRODUCER_TIMEOUT_MS,
        lockDurationMs: 5000,
        stalledIntervalMs: 2000,
      }),
      { logger: createLogger('silent') },
    );
  }

  /** Dispatches `count` messages one after the other (each awaited: one acknowledgement at a time). */
  async dispatch(count: number, ms: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.one(ms);
  }

  /** Dispatches `count` messages in batches of 500 (a backlog to drain). */
  async dispatchBatch(count: number, ms: number): Promise<void> {
    for (let start = 0; start < count; start += 500) {
      const items = Array.from({ length: Math.min(500, count - start) }, () => ({
        type: chaosWork,
        body: { n: this.sent++, ms },
      }));
      const results = await this.bus.dispatchBatch(items);
      this.acknowledged.push(...results.map((r) => r.id));
    }
  }

  /**
   * Dispatches in the background until `stop()`, from `PRODUCER_LOOPS` loops at once (as several
   * requests of a web app would): a producer that keeps going through a fault.
   */
  start(ms: number, pauseMs = 2): void {
    const loop = async () => {
      while (!this.stopping) {
        await this.one(ms);
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    };
    this.running = Promise.all(Array.from({ length: PRODUCER_LOOPS }, loop)).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async one(ms: number): Promise<void> {
    const began = Date.now();
    try {
      const result = await this.bus.dispatch(chaosWork, { n: this.sent++, ms });
      this.acknowledged.push(result.id);
    } catch {
      this.rejected++;
      this.slowestRefusalMs = Math.max(this.slowestRefusalMs, Date.now() - began);
    }
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}
