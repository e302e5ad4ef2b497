import path from 'node:path';
import { ConfigError } from '../../../errors';
import { DEFAULT_SCHEMA } from '../postgres-dsn';

/** Queries are serialised on one session anyway; a few clients plus one per consumer (LISTEN). */
const DEFAULT_PGLITE_POOL = 4;

export interface PgliteDsn {
  /** Absolute data directory. */
  dir: string;
  schema: string;
  poolSize: number;
  display: string;
}

/** `pglite://./var/symphony`, `pglite:///abs/dir`, optional `?schema=…&pool=…`; relative to the cwd. */
export function parsePgliteDsn(dsn: string): PgliteDsn {
  const rest = dsn.slice('pglite://'.length);
  const [location = '', query = ''] = rest.split('?', 2);
  if (!location) {
    throw new ConfigError(
      `"${dsn}" names no directory: use pglite://./var/symphony (relative to the working directory).`,
    );
  }
  const params = new URLSearchParams(query);
  const schema = params.get('schema') ?? DEFAULT_SCHEMA;
  if (!/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(schema)) {
    throw new ConfigError(
      `Invalid schema "${schema}" in ${dsn}: use letters, digits and underscores (max 63).`,
    );
  }
  const pool = params.get('pool');
  const poolSize = pool === null ? DEFAULT_PGLITE_POOL : Number(pool);
  if (!Number.isInteger(poolSize) || poolSize <= 0) {
    throw new ConfigError(`Invalid pool=${pool} in ${dsn}: expected a positive integer.`);
  }
  return { dir: path.resolve(decodeURIComponent(location)), schema, poolSize, display: dsn };
}
