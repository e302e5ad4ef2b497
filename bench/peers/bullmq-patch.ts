import fs from 'node:fs';
import path from 'node:path';
import { createSchemaPool } from '../../src/transport/bullmq/create-postgres-transport';

/** The BullMQ release whose SQL functions bullmq-pg-patch.sql copies and changes. */
export const PATCHED_BULLMQ = '6.7.0';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const installedBullmq = (require('bullmq/package.json') as { version: string }).version;

/**
 * Stands in for the Queue option `streams: { events: { maxLen: 0 } }`, which Symphony would pass on
 * PostgreSQL once BullMQ honours it: every queue of the schema gets its event stream off.
 */
const EVENTS_OFF = `
CREATE OR REPLACE FUNCTION bench_events_off() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.field = 'opts.maxLenEvents' THEN NEW.value := '0'; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER bench_events_off BEFORE INSERT OR UPDATE ON meta
  FOR EACH ROW EXECUTE FUNCTION bench_events_off();`;

/**
 * Migrates the schema of a `postgres://…?schema=` URL as Symphony does, then replaces BullMQ's
 * functions there with the proposed upstream change (bullmq-pg-patch.sql): a bench-only store for
 * the "patched" figures. Refuses another BullMQ release, whose functions the copy would undo.
 */
export async function applyBullmqPatch(url: string): Promise<void> {
  if (installedBullmq !== PATCHED_BULLMQ) {
    throw new Error(
      `bullmq-pg-patch.sql copies BullMQ ${PATCHED_BULLMQ}'s functions; ${installedBullmq} is installed`,
    );
  }
  const { pool, schema } = createSchemaPool(url);
  try {
    await schema.migrate();
    const patch = fs.readFileSync(path.join(__dirname, 'bullmq-pg-patch.sql'), 'utf8');
    // One connection: the search_path (set by Symphony's pool) names the schema the functions go to.
    const client = await pool.connect();
    try {
      await client.query(`${patch}\n${EVENTS_OFF}`);
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}
