import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LATEST_SCHEMA_VERSION } from 'bullmq';
import { DEFAULT_SCHEMA } from '../postgres-dsn';
import { symphonyTablesSql } from '../sql-dedup-stats';
import { searchIndexesSql } from '../sql-search-indexes';

/**
 * A new embedded store starts from a template: a data directory already made by initdb and
 * migrated (BullMQ's schema and Symphony's tables in the default schema), as PGlite's gzipped
 * dump. Making one costs seconds (initdb is most of a first start); unpacking one costs a fraction.
 * `npm ci` makes it (the `prepare` script); without one a new store is made the slow way.
 */
const CACHE_DIR = path.join('node_modules', '.cache', 'symphony-messenger');

/** PGlite's version, BullMQ's schema version and Symphony's DDL: a template of another mix is not used. */
export function templateKey(): string {
  const pglite = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(fs.readFileSync(pglite, 'utf8')) as { version: string };
  const ddl = [...symphonyTablesSql(DEFAULT_SCHEMA), ...searchIndexesSql(DEFAULT_SCHEMA)].join(';');
  const hash = createHash('sha256').update(ddl).digest('hex').slice(0, 12);
  return `${version}-v${LATEST_SCHEMA_VERSION}-${hash}`;
}

/** Where the template of this install lives, under the project's node_modules/.cache. */
export function templateFile(root: string = process.cwd()): string {
  return path.resolve(root, CACHE_DIR, `pglite-${templateKey()}.tgz`);
}

/** A data directory PGlite has not made yet (absent, empty, or holding only Symphony's own files). */
export function isNewDataDir(dir: string): boolean {
  return !fs.existsSync(path.join(dir, 'PG_VERSION'));
}

/** The template as PGlite's `loadDataDir` takes it, when this install has one. */
export function readTemplate(file: string = templateFile()): Blob | undefined {
  try {
    return new Blob([fs.readFileSync(file)]);
  } catch {
    return undefined;
  }
}

/** Writes the template atomically and removes templates of other versions beside it. */
export function writeTemplate(tarball: Uint8Array, file: string = templateFile()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, tarball);
  fs.renameSync(partial, file);
  for (const other of fs.readdirSync(path.dirname(file))) {
    if (/^pglite-.*\.tgz$/.test(other) && other !== path.basename(file)) {
      fs.rmSync(path.join(path.dirname(file), other), { force: true });
    }
  }
}
