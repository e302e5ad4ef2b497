import { quoteSchemaName, type PgQueryable } from 'bullmq';
import type { FlagMode } from '../../flags/flag-mode';
import { flagModeSchema } from '../../flags/flag-mode';
import type { FlagRecord, FlagStore } from '../../flags/flag-store';

/** Created by `db:migrate` (see symphonyTablesSql) and, for older stores, on first use. */
export const flagsTableSql = (schema: string): string =>
  `CREATE TABLE IF NOT EXISTS ${quoteSchemaName(schema)}.symphony_flags (
     job text PRIMARY KEY, mode text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`;

/** Flags in a table beside BullMQ's, in the store's schema (PostgreSQL or PGlite). */
export class SqlFlagStore implements FlagStore {
  private table: Promise<unknown> | undefined;

  constructor(
    private readonly db: PgQueryable,
    private readonly schema: string,
  ) {}

  async get(job: string): Promise<FlagRecord | undefined> {
    return (await this.select('WHERE job = $1', [job]))[0];
  }

  list(): Promise<FlagRecord[]> {
    return this.select('ORDER BY job', []);
  }

  async set(job: string, mode: FlagMode): Promise<FlagRecord> {
    await this.ready();
    const { rows } = await this.db.query<{ updated_at: Date }>(
      `INSERT INTO ${quoteSchemaName(this.schema)}.symphony_flags (job, mode) VALUES ($1, $2)
       ON CONFLICT (job) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now() RETURNING updated_at`,
      [job, mode],
    );
    return { job, mode, updatedAt: new Date(rows[0]!.updated_at).toISOString() };
  }

  private async select(where: string, params: unknown[]): Promise<FlagRecord[]> {
    await this.ready();
    const { rows } = await this.db.query<{ job: string; mode: string; updated_at: Date }>(
      `SELECT job, mode, updated_at FROM ${quoteSchemaName(this.schema)}.symphony_flags ${where}`,
      params,
    );
    return rows.flatMap((r) => {
      const mode = flagModeSchema.safeParse(r.mode);
      return mode.success
        ? [{ job: r.job, mode: mode.data, updatedAt: new Date(r.updated_at).toISOString() }]
        : [];
    });
  }

  private ready(): Promise<unknown> {
    if (!this.table) {
      // Two processes creating it at once may race in the catalog (a unique violation): the loser
      // finds it there on a second try.
      // The schema too: a worker's flags may be read before its bus has migrated the store.
      const create = async () => {
        await this.db.query(`CREATE SCHEMA IF NOT EXISTS ${quoteSchemaName(this.schema)}`);
        return this.db.query(flagsTableSql(this.schema));
      };
      this.table = create().catch(create);
      this.table.catch(() => (this.table = undefined));
    }
    return this.table;
  }
}
