/** Where a SQL store's schema stands against what this build of Symphony (BullMQ) needs. */
export interface SchemaStatus {
  /** The DSN with its password masked. */
  dsn: string;
  schema: string;
  current: number;
  required: number;
  upToDate: boolean;
}

/** Schema management for transports that keep their queues in SQL tables (postgres://, pglite://). */
export interface SchemaAdmin {
  status(): Promise<SchemaStatus>;
  /** Idempotent; safe to run from several deploy steps at once. */
  migrate(): Promise<SchemaStatus>;
  /** Removes the schema with everything in it. */
  drop(): Promise<void>;
  close(): Promise<void>;
}

export { migrationSql } from './bullmq/migration-sql';
export {
  heldStoreStatus,
  openSqlSchemaAdmin as openSchemaAdmin,
  sqlSchemaOf,
} from './bullmq/sql-schema-admin';

/** postgres://, postgresql:// and pglite:// keep their queues in SQL tables with a managed schema. */
export function isSqlDsn(dsn: string): boolean {
  return /^(postgres|postgresql|pglite):\/\//.test(dsn);
}
