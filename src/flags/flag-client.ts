import { DEFAULT_FLAG_MODE, type FlagMode, type FlagReader } from './flag-mode';
import type { FlagStore } from './flag-store';

/** How long a process trusts a flag it read: a switch reaches every process within this. */
export const FLAG_CACHE_MS = 2000;

/**
 * `flags.mode(job)` for hot paths (each delivery, each cron run): one store read per job per
 * `ttlMs`. When the store cannot be read, the last value read is used (and the error thrown only
 * when there is none), so a store hiccup neither flips a job nor stops the old cron route.
 */
export class FlagClient implements FlagReader {
  private readonly cache = new Map<string, { mode: FlagMode; at: number }>();

  constructor(
    private readonly store: FlagStore,
    private readonly ttlMs = FLAG_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async mode(job: string): Promise<FlagMode> {
    const cached = this.cache.get(job);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.mode;
    try {
      const mode = (await this.store.get(job))?.mode ?? DEFAULT_FLAG_MODE;
      this.cache.set(job, { mode, at: this.now() });
      return mode;
    } catch (error) {
      if (cached) return cached.mode;
      throw error;
    }
  }

  /** Forgets what was read, so the next `mode()` asks the store (after this process set a flag). */
  forget(job?: string): void {
    if (job === undefined) this.cache.clear();
    else this.cache.delete(job);
  }
}
