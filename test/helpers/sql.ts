import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LATEST_SCHEMA_VERSION } from 'bullmq';
import pg from 'pg';
import { openPgliteStore } from '../../src/transport/bullmq/pglite/pglite-store';

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the global setup should have started PostgreSQL');
  return url;
}

/** A schema name no other test uses, so tests can run in parallel on one database. */
export const uniqueSchema = (): string => `t_${randomUUID().slice(0, 8)}`;

const schemas = new Set<string>();

/** A postgres:// DSN on the test database with a schema of its own (dropped by dropTestSchemas). */
export function postgresDsn(options: Record<string, string> = {}): string {
  const url = new URL(databaseUrl());
  const schema = options.schema ?? uniqueSchema();
  schemas.add(schema);
  for (const [key, value] of Object.entries({ ...options, schema })) url.searchParams.set(key, value);
  return url.toString();
}

/** One short-lived client on the test database, for checks a test makes behind the bus's back. */
export async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropTestSchemas(): Promise<void> {
  const names = [...schemas];
  schemas.clear();
  if (names.length === 0) return;
  await withDatabase(async (client) => {
    for (const name of names) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  });
}

const PGLITE_VERSION = JSON.parse(
  fs.readFileSync(
    path.join(path.dirname(require.resolve('@electric-sql/pglite')), '../package.json'),
    'utf8',
  ),
).version as string;
const TEMPLATE = path.join(
  os.tmpdir(),
  `symphony-pglite-template-${PGLITE_VERSION}-schema${LATEST_SCHEMA_VERSION}`,
);

/**
 * An initialised PGlite data directory with the `symphony` schema migrated, made once per machine:
 * a fresh PGlite runs initdb and the migrations (seconds), copying the template takes
 * milliseconds, as an installed store would be. Built aside and renamed into place, so parallel
 * runs never see half a template. (Migrating a fresh store is tested end to end elsewhere.)
 */
export async function ensurePgliteTemplate(): Promise<void> {
  if (fs.existsSync(path.join(TEMPLATE, 'PG_VERSION'))) return;
  const building = fs.mkdtempSync(`${TEMPLATE}-build-`);
  const store = openPgliteStore(`pglite://${building}`);
  try {
    await store.schema.migrate();
  } finally {
    await store.close();
  }
  try {
    fs.renameSync(building, TEMPLATE);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another run won the race
  }
}

const pgliteDirs = new Set<string>();

/** pglite://<fresh temp dir>, a copy of the template (see ensurePgliteTemplate, run by the global setup). */
export function pgliteDsn(): string {
  if (!fs.existsSync(path.join(TEMPLATE, 'PG_VERSION'))) {
    throw new Error('No PGlite template: the global setup should have run ensurePgliteTemplate()');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-pglite-'));
  fs.cpSync(TEMPLATE, dir, { recursive: true });
  pgliteDirs.add(dir);
  return `pglite://${dir}`;
}

/** For afterAll: removes the data directories this file's tests made (their buses must be closed). */
export function removePgliteDirs(): void {
  for (const dir of pgliteDirs) fs.rmSync(dir, { recursive: true, force: true });
  pgliteDirs.clear();
}
