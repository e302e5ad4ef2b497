/**
 * What one process of a deployment needs to share with the others for the cluster's own duties
 * (the alert evaluator, the queue gauges): a lease, so exactly one process does them, and the
 * alerts' state, so the process that takes over knows what was already notified.
 */

/** A lease that expires unless renewed: its holder died or hangs, another process takes it. */
export interface LeaseStore {
  /**
   * Takes the lease `name` when it is free or expired, or renews it when `holder` has it (for
   * `ttlMs` from now); true when `holder` holds it afterwards.
   */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Hands the lease back at once if `holder` has it (a clean stop): the next process need not wait. */
  release(name: string, holder: string): Promise<void>;
  /** Who holds it now, if anyone. */
  holder(name: string): Promise<string | undefined>;
}

/** Per alert rule: a small JSON document, read and written whole by the lease holder. */
export interface AlertStateStore {
  all(): Promise<Record<string, unknown>>;
  put(states: Record<string, unknown>): Promise<void>;
}

export interface ClusterStore {
  leases: LeaseStore;
  alertStates: AlertStateStore;
  /** Releases what was opened for it alone (nothing when it shares the bus's pool). */
  close(): Promise<void>;
}
