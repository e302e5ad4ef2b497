import fs from 'node:fs';
import path from 'node:path';
import type { LegacySql } from '../../src/legacy/legacy-db';

const MIGRATIONS = path.join(__dirname, 'migrations');

/** Creates the legacy tables (every file of migrations/, in name order) in the connection's schema. */
export async function applyLegacySchema(db: LegacySql): Promise<void> {
  for (const file of fs
    .readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    await db.query(fs.readFileSync(path.join(MIGRATIONS, file), 'utf8'));
}
