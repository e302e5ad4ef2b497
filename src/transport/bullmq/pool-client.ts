import pg from 'pg';

type ConnectCallback = ((err: Error) => void) | ((err: null, c: pg.Client) => void);

/**
 * The pg.Client of Symphony's pools.
 *
 * It always listens for 'error': pg-pool takes its own listener off a client it hands out, so a client
 * held between statements (a transaction, BullMQ's migrations, a send inside a write-back) whose server
 * goes away ("terminating connection due to administrator command" on a restart) emitted an unhandled
 * 'error' that killed the process. Here the client turns unqueryable instead: its queries fail, and the
 * pool drops it when it is released.
 *
 * With `setPath` it also sets the search_path before the pool hands it out: a SET after connecting,
 * not a startup `options` parameter, as PgBouncer and Supavisor in session mode reject or drop those.
 */
export function poolClient(setPath?: string): typeof pg.Client {
  return class PoolClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      this.on('error', () => undefined);
    }

    override connect(): Promise<pg.Client>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.Client> | void {
      const ready = super.connect().then(async () => {
        if (setPath) await this.query(setPath);
        return this as pg.Client;
      });
      if (!callback) return ready;
      ready.then(
        (client) => (callback as (err: null, c: pg.Client) => void)(null, client),
        (error: Error) => (callback as (err: Error) => void)(error),
      );
    }
  };
}
