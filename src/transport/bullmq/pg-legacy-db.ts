import pg from 'pg';
import type { LegacyDb, LegacySql } from '../../legacy/legacy-db';
import { poolClient } from './pool-client';

export interface PgLegacyDbOptions {
  /** Connections kept; a write-back holds one for the length of a send, so size it to the workers' concurrency. */
  max?: number;
  connectTimeoutMs?: number;
}

/**
 * The legacy database on node-postgres. It lives beside the other driver code because pg types
 * must not leave src/transport/bullmq/; it shares nothing with the bus's own pool, as the legacy
 * database may be another server than the bus's store (Redis + Supabase).
 */
export function createPgLegacyDb(dsn: string, options: PgLegacyDbOptions = {}): LegacyDb {
  const pool = new pg.Pool({
    Client: poolClient(), // a send holds a client for a while: the server going away then must not crash
    connectionString: dsn,
    max: options.max ?? 20,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'symphony-legacy',
  });
  pool.on('error', () => undefined); // an idle client dropped; the next checkout reconnects
  const run = async <R extends object>(
    client: pg.Pool | pg.PoolClient,
    text: string,
    params?: readonly unknown[],
  ): Promise<R[]> => (await client.query<R & pg.QueryResultRow>(text, params as unknown[] | undefined)).rows;
  return {
    query: (text, params) => run(pool, text, params),
    async transaction(work) {
      const client = await pool.connect();
      const tx: LegacySql = { query: (text, params) => run(client, text, params) };
      try {
        await client.query('BEGIN');
        const result = await work(tx);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        // A failed ROLLBACK means the connection is gone: drop it rather than reuse it.
        const broken = await client.query('ROLLBACK').then(
          () => undefined,
          (e: Error) => e,
        );
        client.release(broken);
        throw error;
      }
    },
    close: () => pool.end(),
  };
}
