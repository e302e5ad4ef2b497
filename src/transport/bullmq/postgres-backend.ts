import {
  PostgresConnection,
  PostgresQueueBackend,
  type BackendFactory,
  type PgPool,
  type PostgresConnectionOptions,
} from 'bullmq';

/**
 * BullMQ reads a custom schema only when it builds the pool itself, which would mean one pool per
 * Queue and per Worker. We share one pool per transport (its connections' search_path selects the
 * schema), so this connection tells BullMQ's readiness check which schema that is.
 */
class SharedPoolConnection extends PostgresConnection {
  override readonly schema: string;
  constructor(
    pool: PgPool,
    schema: string,
    private readonly gate: () => Promise<void>,
  ) {
    super(pool);
    this.schema = schema;
  }

  /** Every BullMQ operation waits for this: Symphony's schema gate first, then BullMQ's own check. */
  override async waitUntilReady(): Promise<void> {
    await this.gate();
    return super.waitUntilReady();
  }
}

/**
 * A BackendFactory for Queue and Worker that puts every queue of a transport on one shared pool.
 * Workers and queue-event listeners each take one pooled client for LISTEN, so the pool must be
 * larger than their number (the transport grows it as consumers start).
 */
export function sharedPoolBackendFactory(
  pool: PgPool,
  schema: string,
  gate: () => Promise<void>,
): BackendFactory<PostgresQueueBackend, PostgresConnectionOptions> {
  return (name, opts, factoryOpts = {}) => {
    // Same names as BullMQ's own factory, so getWorkers()/getQueueEvents() discover them.
    const workerName = (opts as { name?: string }).name;
    let listenClientName: string | undefined;
    if (factoryOpts.withBlockingConnection) listenClientName = workerName ? `${name}:w:${workerName}` : name;
    else if (factoryOpts.blocking) listenClientName = `${name}:qe`;
    return new PostgresQueueBackend(
      new SharedPoolConnection(pool, schema, gate),
      name,
      opts,
      true,
      listenClientName,
    );
  };
}
