import { createSchemaPool } from '../../src/transport/bullmq/create-postgres-transport';
import { createPgLegacyDb } from '../../src/transport/bullmq/pg-legacy-db';
import { eventually } from '../helpers/bus';
import { databaseUrl, postgresDsn, withDatabase } from '../helpers/sql';

/**
 * A client held between statements whose server connection is ended by the server (a restart sends
 * "terminating connection due to administrator command" to every backend). pg-pool takes its error
 * listener off the clients it hands out: without one of Symphony's own the 'error' event was
 * unhandled and killed the worker (found by SIGTERM after a PostgreSQL outage, exit code 1).
 */
describe('a held PostgreSQL client whose connection the server ends', () => {
  const terminate = (pid: number) =>
    withDatabase(async (admin) => {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      // gone from the server: its last words (the FATAL) were sent before it went
      await eventually(async () => {
        const { rows } = await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
        return rows.length === 0;
      });
    });

  it("of the bus's pool: its queries fail, the process lives, the pool goes on with a new one", async () => {
    const { pool } = createSchemaPool(postgresDsn());
    try {
      const client = await pool.connect();
      const ended = new Promise((resolve) => client.once('end', resolve));
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await terminate(rows[0]!.pid);
      await ended; // no query was running: the FATAL came as an 'error' event
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release();
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });

  it('of the legacy database, inside a transaction: the transaction fails, the database goes on', async () => {
    const legacy = createPgLegacyDb(databaseUrl(), { max: 1 });
    try {
      const failed = legacy.transaction(async (tx) => {
        const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await terminate(row!.pid);
        await eventually(() =>
          tx.query('SELECT 1').then(
            () => false,
            () => true,
          ),
        );
      });
      await expect(failed).rejects.toThrow();
      expect(await legacy.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await legacy.close();
    }
  });
});
