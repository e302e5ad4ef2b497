import {
  LATEST_SCHEMA_VERSION,
  quoteSchemaName,
  runMigrations,
  type PgPool,
  type PgPoolClient,
  type PgQueryable,
} from 'bullmq';
import { DatabaseError } from '../../errors';
import type { SchemaStatus } from '../schema-admin';
import { outdatedSchema, toDatabaseError } from './postgres-errors';
import { symphonyTablesSql } from './sql-dedup-stats';
import { searchIndexesSql } from './sql-search-indexes';

/** Advisory lock key of Symphony's own DDL ('SYMF'), namespaced per schema like BullMQ's ('BULL'). */
const SYMPHONY_DDL_LOCK = 0x53594d46;

/** Schema operations on one pool (node-postgres or the embedded PGlite one). */
export class PostgresSchema {
  constructor(
    private readonly pool: PgPool,
    readonly schema: string,
    /** The DSN with its password masked, for messages. */
    readonly display: string,
  ) {}

  async status(): Promise<SchemaStatus> {
    const current = await this.withClient((client) => readSchemaVersion(client, this.schema));
    return {
      dsn: this.display,
      schema: this.schema,
      current,
      required: LATEST_SCHEMA_VERSION,
      upToDate: current >= LATEST_SCHEMA_VERSION,
    };
  }

  /** BullMQ's migrations: idempotent, one transaction, serialised by an advisory lock. */
  async migrate(): Promise<SchemaStatus> {
    await this.withClient((client) => this.runMigrations(client));
    return this.status();
  }

  /** Drops the schema with every queue, message and schedule in it. */
  async drop(): Promise<void> {
    await this.withClient((client) =>
      client.query(`DROP SCHEMA IF EXISTS ${quoteSchemaName(this.schema)} CASCADE`),
    );
  }

  /** The gate before first use: up to date, migrated now (auto-migrate), or a DB_SCHEMA_OUTDATED error. */
  async ensureUsable(autoMigrate: boolean): Promise<void> {
    await this.withClient(async (client) => {
      const current = await readSchemaVersion(client, this.schema);
      if (current >= LATEST_SCHEMA_VERSION) return;
      if (!autoMigrate) throw outdatedSchema(this.display, this.schema, current, LATEST_SCHEMA_VERSION);
      await this.runMigrations(client);
    });
  }

  /**
   * The gate through a transaction pooler: no migration there (it needs a session lock) and no
   * SET either, so the schema must be current and on the role's own search_path.
   */
  async ensureUsableThroughPooler(): Promise<void> {
    await this.withClient(async (client) => {
      const current = await readSchemaVersion(client, this.schema);
      if (current < LATEST_SCHEMA_VERSION) {
        throw outdatedSchema(this.display, this.schema, current, LATEST_SCHEMA_VERSION);
      }
      const { rows } = await client.query<{ onPath: boolean; role: string }>(
        'SELECT $1 = ANY (current_schemas(false)) AS "onPath", current_user AS role',
        [this.schema],
      );
      if (rows[0]?.onPath) return;
      throw new DatabaseError(
        'DB_POOLER_UNSUPPORTED',
        `${this.display}: through a transaction pooler Symphony cannot set the search_path per connection, so role ` +
          `"${rows[0]?.role}" must have it: ALTER ROLE "${rows[0]?.role}" SET search_path = ${this.schema} ` +
          '(best on a role of its own, see docs/nextjs.md), or connect directly (port 5432).',
      );
    });
  }

  /**
   * BullMQ's migrations, then Symphony's own tables (duplicate counters, flags, leases) and search
   * indexes in one transaction under an advisory lock, as BullMQ does: two processes migrating a
   * fresh store at once would otherwise race in the catalog (a duplicate key on pg_type).
   */
  private async runMigrations(client: PgPoolClient): Promise<void> {
    await runMigrations(client, this.schema);
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SYMPHONY_DDL_LOCK, this.schema]);
      for (const sql of [...symphonyTablesSql(this.schema), ...searchIndexesSql(this.schema)])
        await client.query(sql);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async withClient<T>(work: (client: PgPoolClient) => Promise<T>): Promise<T> {
    let client: PgPoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toDatabaseError(error, this.display);
    }
    try {
      return await work(client);
    } catch (error) {
      throw toDatabaseError(error, this.display);
    } finally {
      client.release();
    }
  }
}

/** The version in BullMQ's migration ledger; 0 when the schema or the ledger does not exist. */
export async function readSchemaVersion(client: PgQueryable, schema: string): Promise<number> {
  const ledger = `${quoteSchemaName(schema)}.migration`;
  const { rows } = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
    ledger,
  ]);
  if (!rows[0]?.present) return 0;
  const result = await client.query<{ version: number }>(
    `SELECT COALESCE(MAX(version), 0)::int AS version FROM ${ledger}`,
  );
  return result.rows[0]?.version ?? 0;
}
