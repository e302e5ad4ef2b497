import pg from 'pg';

type ConnectCallback = ((err: Error) => void) | ((err: null, c: pg.Client) => void);

/**
 * A pg.Client that sets the search_path before the pool hands it out. A SET after connecting, not a
 * startup `options` parameter: PgBouncer and Supavisor in session mode reject or drop those.
 */
export function schemaClient(setPath: string): typeof pg.Client {
  return class SchemaClient extends pg.Client {
    override connect(): Promise<pg.Client>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.Client> | void {
      const ready = super.connect().then(async () => {
        await this.query(setPath);
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
