import { openPgliteStore, type PgliteStore } from '../../src/transport/bullmq/pglite/pglite-store';
import { eventually } from '../helpers/bus';
import { pgliteDsn, removePgliteDirs } from '../helpers/sql';

/** The pg.Pool look-alike that lets BullMQ's PostgreSQL backend share one embedded PGlite session. */
describe('the embedded store pool', () => {
  let store: PgliteStore;
  beforeEach(() => {
    store = openPgliteStore(`${pgliteDsn()}?schema=app_q`);
  });
  afterEach(() => store.close());
  afterAll(removePgliteDirs);

  it('sets the schema on the shared session', async () => {
    const { rows } = await store.pool.query<{ search_path: string }>('SHOW search_path');
    expect(rows[0]!.search_path).toBe('app_q');
  });

  it("holds the session for a whole transaction: another client's statement waits for COMMIT", async () => {
    const a = await store.pool.connect();
    const b = await store.pool.connect();
    await a.query('CREATE TEMP TABLE t (n int)');
    await a.query('BEGIN');
    await a.query('INSERT INTO t VALUES (1)');
    const order: string[] = [];
    const other = b.query('SELECT count(*)::int AS n FROM t').then((r) => {
      order.push('b read');
      return (r.rows[0] as { n: number }).n;
    });
    await new Promise((r) => setTimeout(r, 100)); // b is queued behind a's transaction, not inside it
    order.push('a commits');
    await a.query('INSERT INTO t VALUES (2)');
    await a.query('COMMIT');
    expect(await other).toBe(2);
    expect(order).toEqual(['a commits', 'b read']);
    a.release();
    b.release();
  });

  it('rolls back a transaction left open by a released client', async () => {
    const a = await store.pool.connect();
    await a.query('CREATE TEMP TABLE kept (n int)');
    await a.query('BEGIN');
    await a.query('INSERT INTO kept VALUES (1)');
    a.release();
    const { rows } = await store.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM kept');
    expect(rows[0]!.n).toBe(0);
  });

  it('fans a NOTIFY out to every client, not just the one whose query carried it', async () => {
    const listener = await store.pool.connect();
    const heard: string[] = [];
    listener.on('notification', (m) => heard.push(`${m.channel}:${m.payload}`));
    await listener.query('LISTEN jobs');
    const sender = await store.pool.connect();
    await sender.query("SELECT pg_notify('jobs', 'q1')");
    await eventually(() => heard.length === 1);
    expect(heard).toEqual(['jobs:q1']);
    listener.release(true);
    sender.release();
  });

  it('grows: more clients than `max` wait for a release, then get one', async () => {
    store.pool.options.max = 1;
    const a = await store.pool.connect();
    let got = false;
    const next = store.pool.connect().then((c) => ((got = true), c));
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toBe(false);
    a.release();
    (await next).release();
    expect(got).toBe(true);
  });
});
