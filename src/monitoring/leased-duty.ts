import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logger';
import type { LeaseStore } from './cluster-store';

export interface LeasedDutyOptions {
  /** The lease's name: one holder per name in the cluster. */
  name: string;
  leases: LeaseStore;
  /** How often the holder does the work. */
  intervalMs: number;
  logger: Logger;
  /** The work; never run twice at once, and only while the lease is surely held. */
  run: () => Promise<void>;
  /** Called when this process stops holding the lease (taken over, store lost, stopped). */
  onLost?: () => void;
}

/** A holder that stops renewing loses the lease after this long (or 3 intervals, if longer). */
export const MIN_LEASE_MS = 10_000;

/** This process's name in the lease: host and pid for people, a random part against pid reuse. */
export const processHolderId = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Work that one process of the cluster does at a time: every process runs this, the one that holds
 * the lease works. The lease is renewed on its own timer, so slow work (a notifier that times out)
 * never lets it lapse; a holder that dies or hangs loses it within its TTL and another one takes it.
 */
export class LeasedDuty {
  readonly holder = processHolderId();
  private readonly ttlMs: number;
  private heldUntil = 0;
  private timers: NodeJS.Timeout[] = [];
  private working: Promise<void> | undefined;
  private renewing: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: LeasedDutyOptions) {
    this.ttlMs = Math.max(MIN_LEASE_MS, 3 * options.intervalMs);
  }

  /** True while the lease is held with time to spare (a renewal is due well before it lapses). */
  get leading(): boolean {
    return Date.now() < this.heldUntil;
  }

  start(): void {
    if (this.timers.length > 0 || this.stopped) return;
    const renew = setInterval(() => void this.renew(), Math.floor(this.ttlMs / 3));
    const work = setInterval(() => void this.work(), this.options.intervalMs);
    this.timers = [renew, work];
    this.timers.forEach((t) => t.unref());
    void this.renew().then(() => this.work());
  }

  /** Waits for work under way, then hands the lease back so another process need not wait for it to lapse. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach((t) => clearInterval(t));
    this.timers = [];
    await Promise.all([this.working, this.renewing]);
    if (this.heldUntil > 0) {
      this.lose();
      await this.options.leases.release(this.options.name, this.holder).catch(() => undefined);
    }
  }

  private renew(): Promise<void> {
    this.renewing ??= this.tryRenew().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async tryRenew(): Promise<void> {
    if (this.stopped) return;
    const { name, leases, logger } = this.options;
    const asked = Date.now();
    try {
      const held = await leases.acquire(name, this.holder, this.ttlMs);
      if (this.stopped) return;
      if (!held) return void (this.heldUntil > 0 && this.lose());
      // counted from the request, minus a third for clock drift and the next renewal's latency
      if (this.heldUntil === 0)
        logger.info({ lease: name, holder: this.holder }, 'lease taken: this process runs it');
      this.heldUntil = asked + Math.floor((this.ttlMs * 2) / 3);
    } catch (error) {
      logger.warn({ lease: name, error: (error as Error).message }, 'lease renewal failed');
    }
  }

  private lose(): void {
    this.heldUntil = 0;
    this.options.logger.info({ lease: this.options.name, holder: this.holder }, 'lease given up');
    this.options.onLost?.();
  }

  private work(): Promise<void> {
    if (this.heldUntil > 0 && !this.leading) this.lose(); // renewals failed for a whole lease
    if (!this.leading || this.working || this.stopped) return this.working ?? Promise.resolve();
    this.working = this.options
      .run()
      .catch((error: Error) =>
        this.options.logger.warn({ lease: this.options.name, error: error.message }, 'cluster duty failed'),
      )
      .finally(() => (this.working = undefined));
    return this.working;
  }
}
