/**
 * The seam between Symphony and the legacy app's database (the tables the old cron jobs read).
 * Plain rows in, plain rows out: the PostgreSQL driver stays behind it (see
 * src/transport/bullmq/pg-legacy-db.ts), so the bridge, the write-back and the example processors
 * never see a driver type.
 */
export type LegacyRow = Record<string, unknown>;

export interface LegacySql {
  /** One statement with `$1`-style parameters; resolves to the rows it returned. */
  query<R extends object = LegacyRow>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface LegacyDb extends LegacySql {
  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: LegacySql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
