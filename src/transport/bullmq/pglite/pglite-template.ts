import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LATEST_SCHEMA_VERSION } from 'bullmq';
import { DEFAULT_SCHEMA } from '../postgres-dsn';
import { symphonyTablesSql } from '../sql-dedup-stats';
import { searchIndexesSql } from '../sql-search-indexes';

/**
 * A new embedded store starts from a template: a data directory already made by initdb and
 * migrated (BullMQ's schema and Symphony's tables in the default schema), closed cleanly. Making
 * one costs seconds (initdb is most of a first start); copying one is a native directory copy, a
 * fraction of a second (PGlite's own tarball loading goes through its WebAssembly file system and
 * costs more than reopening the directory). `npm ci` makes it (the `prepare` script); without one
 * a new store is made the slow way.
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
export function templateDir(root: string = process.cwd()): string {
  return path.resolve(root, CACHE_DIR, `pglite-${templateKey()}`);
}

/** A data directory PGlite has not made yet (absent, empty, or holding only Symphony's own files). */
export function isNewDataDir(dir: string): boolean {
  return !fs.existsSync(path.join(dir, 'PG_VERSION'));
}

/** Copies the template into a new data directory, when this install has one; false otherwise. */
export function copyTemplate(dir: string, template: string = templateDir()): boolean {
  if (isNewDataDir(template)) return false;
  fs.cpSync(template, dir, { recursive: true });
  return true;
}

/**
 * Puts a data directory made beside the template (same file system) in its place, atomically,
 * and removes templates of other versions (and the tarballs of earlier installs).
 */
export function installTemplate(made: string, template: string = templateDir()): void {
  try {
    fs.renameSync(made, template);
  } catch {
    fs.rmSync(made, { recursive: true, force: true }); // another install won the race
  }
  for (const other of fs.readdirSync(path.dirname(template))) {
    if (/^pglite-/.test(other) && other !== path.basename(template) && !other.includes('.making-')) {
      fs.rmSync(path.join(path.dirname(template), other), { recursive: true, force: true });
    }
  }
}
