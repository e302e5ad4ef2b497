import type { FlagMode } from './flag-mode';

/** One job's flag as stored: who set which mode when. */
export interface FlagRecord {
  job: string;
  mode: FlagMode;
  /** ISO time of the last change. */
  updatedAt: string;
}

/**
 * Where flags live: in the bus's own store (a Redis hash, a table beside BullMQ's on
 * PostgreSQL/PGlite, a map for memory://), so every process that reaches the bus sees the same flags.
 */
export interface FlagStore {
  get(job: string): Promise<FlagRecord | undefined>;
  list(): Promise<FlagRecord[]>;
  set(job: string, mode: FlagMode): Promise<FlagRecord>;
}

/** memory:// and sync://: flags for one process (tests, development). */
export class MemoryFlagStore implements FlagStore {
  private readonly records = new Map<string, FlagRecord>();

  async get(job: string): Promise<FlagRecord | undefined> {
    return this.records.get(job);
  }

  async list(): Promise<FlagRecord[]> {
    return [...this.records.values()];
  }

  async set(job: string, mode: FlagMode): Promise<FlagRecord> {
    const record = { job, mode, updatedAt: new Date().toISOString() };
    this.records.set(job, record);
    return record;
  }
}
