import type { AlertStateStore, ClusterStore, LeaseStore } from './cluster-store';

/** memory:// and sync://: the cluster is this process (tests, development). */
export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, { holder: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const current = this.leases.get(name);
    if (current && current.holder !== holder && current.expiresAt > this.now()) return false;
    this.leases.set(name, { holder, expiresAt: this.now() + ttlMs });
    return true;
  }

  async release(name: string, holder: string): Promise<void> {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }

  async holder(name: string): Promise<string | undefined> {
    const current = this.leases.get(name);
    return current && current.expiresAt > this.now() ? current.holder : undefined;
  }
}

export class MemoryAlertStateStore implements AlertStateStore {
  private states: Record<string, unknown> = {};

  async all(): Promise<Record<string, unknown>> {
    return structuredClone(this.states);
  }

  async put(states: Record<string, unknown>): Promise<void> {
    this.states = { ...this.states, ...structuredClone(states) };
  }
}

/** One per process, so every bus of the process agrees (as with memory:// flags). */
export const processClusterStore: ClusterStore = {
  leases: new MemoryLeaseStore(),
  alertStates: new MemoryAlertStateStore(),
  close: async () => undefined,
};
