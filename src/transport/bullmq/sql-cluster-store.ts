import { quoteSchemaName, type PgQueryable } from 'bullmq';
import type { AlertStateStore, LeaseStore } from '../../monitoring/cluster-store';

/** Created by `db:migrate` (see symphonyTablesSql) and, for older stores, on first use. */
export const clusterTablesSql = (schema: string): string[] => [
  `CREATE TABLE IF NOT EXISTS ${quoteSchemaName(schema)}.symphony_leases (
     name text PRIMARY KEY, holder text NOT NULL, expires_at timestamptz NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${quoteSchemaName(schema)}.symphony_alert_states (
     rule text PRIMARY KEY, state text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
];

/** Creates the tables once per store; two processes racing in the catalog retry once. */
export class ClusterTables {
  private ready: Promise<unknown> | undefined;

  constructor(
    private readonly db: PgQueryable,
    private readonly schema: string,
  ) {}

  ensure(): Promise<unknown> {
    if (!this.ready) {
      const create = async () => {
        for (const sql of clusterTablesSql(this.schema)) await this.db.query(sql);
      };
      this.ready = create().catch(create);
      this.ready.catch(() => (this.ready = undefined));
    }
    return this.ready;
  }
}

/** A row per lease with an expiry, on the database's clock: taken when free or expired, renewed by its holder. */
export class SqlLeaseStore implements LeaseStore {
  private readonly table: string;

  constructor(
    private readonly db: PgQueryable,
    schema: string,
    private readonly tables = new ClusterTables(db, schema),
  ) {
    this.table = `${quoteSchemaName(schema)}.symphony_leases`;
  }

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    await this.tables.ensure();
    const { rows } = await this.db.query(
      `INSERT INTO ${this.table} AS l (name, holder, expires_at)
       VALUES ($1, $2, now() + $3::float8 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE l.holder = EXCLUDED.holder OR l.expires_at < now()
       RETURNING holder`,
      [name, holder, ttlMs],
    );
    return rows.length === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.tables.ensure();
    await this.db.query(`DELETE FROM ${this.table} WHERE name = $1 AND holder = $2`, [name, holder]);
  }

  async holder(name: string): Promise<string | undefined> {
    await this.tables.ensure();
    const { rows } = await this.db.query<{ holder: string }>(
      `SELECT holder FROM ${this.table} WHERE name = $1 AND expires_at >= now()`,
      [name],
    );
    return rows[0]?.holder;
  }
}

export class SqlAlertStateStore implements AlertStateStore {
  private readonly table: string;

  constructor(
    private readonly db: PgQueryable,
    schema: string,
    private readonly tables = new ClusterTables(db, schema),
  ) {
    this.table = `${quoteSchemaName(schema)}.symphony_alert_states`;
  }

  async all(): Promise<Record<string, unknown>> {
    await this.tables.ensure();
    const { rows } = await this.db.query<{ rule: string; state: string }>(
      `SELECT rule, state FROM ${this.table}`,
    );
    const states: Record<string, unknown> = {};
    for (const { rule, state } of rows) {
      try {
        states[rule] = JSON.parse(state);
      } catch {
        // written by hand or another version: the rule starts afresh
      }
    }
    return states;
  }

  async put(states: Record<string, unknown>): Promise<void> {
    const entries = Object.entries(states);
    if (entries.length === 0) return;
    await this.tables.ensure();
    // a statement per rule: a handful of rules, and no array parameters (PGlite's pool passes text)
    for (const [rule, state] of entries) {
      await this.db.query(
        `INSERT INTO ${this.table} (rule, state) VALUES ($1, $2)
         ON CONFLICT (rule) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
        [rule, JSON.stringify(state)],
      );
    }
  }
}
