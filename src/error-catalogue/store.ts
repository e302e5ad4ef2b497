import type { ErrorCatalogueEntry } from './entry';

/** The error codes of one area of the guide: reaching the store. */
export const STORE_ERRORS = {
  TRANSPORT_UNAVAILABLE: {
    area: 'store',
    cause:
      'A producer (a dispatch, the HTTP API, a CLI command) got no answer from Redis or PostgreSQL within ' +
      '`SYMPHONY_STORE_TIMEOUT_MS` (default 5 s): the server is down, restarting, failing over or unreachable; with ' +
      '`waitReplicas`, no replica confirmed the write in time. `ambiguous: false` means nothing was sent; ' +
      '`ambiguous: true` that the command may have been applied.',
    fix:
      'Bring the store back or fix the network: nothing refused is stored later. Retry a dispatch after ' +
      '`retryAfterSeconds` (HTTP `Retry-After`) with the same idempotency key, which makes an ambiguous one safe ' +
      '([guide.md](guide.md#when-the-store-is-down-fail-fast-retry-with-the-same-key)). Workers never fail this ' +
      'way: they wait and reconnect by themselves.',
  },
  TRANSPORT_FAILED: {
    area: 'store',
    cause:
      'A transport cannot be used as configured: a malformed Redis DSN, a CLI command whose stores did not answer ' +
      'when it started (`the redis store of emails is not usable (unreachable)`), or a server holding the embedded ' +
      'store that does not answer its API.',
    fix:
      "Check `SYMPHONY_TRANSPORT_DSN` (and each queue's `dsn`) and that the server runs; `symphony config:show` " +
      'prints the DSNs in use with passwords masked. For the embedded store, stop the server that holds it and run ' +
      'the command again.',
  },
  DB_UNREACHABLE: {
    area: 'store',
    cause:
      "PostgreSQL cannot be reached (connection refused, unknown host, no connection within the DSN's " +
      "`connect_timeout`), or the embedded store's directory cannot be opened.",
    fix:
      'Check host, port and that the server runs (`pg_isready -h <host> -p <port>`); for `pglite://`, check the ' +
      'directory, or delete it to start empty. A worker on PostgreSQL refuses to start meanwhile (exit 1): its ' +
      'supervisor restarts it.',
  },
  DB_AUTH_FAILED: {
    area: 'store',
    cause: 'PostgreSQL refused the login: wrong user or password, or no `pg_hba.conf` entry for this client.',
    fix: "Fix user and password in the DSN (URL-encode special characters), or the server's `pg_hba.conf`.",
  },
  DB_NOT_FOUND: {
    area: 'store',
    cause: 'The database named in the DSN does not exist.',
    fix: 'Create it (`createdb <name>`) or fix its name in the DSN.',
  },
  DB_SCHEMA_OUTDATED: {
    area: 'store',
    cause:
      "The store's schema is missing or older than this Symphony needs (a new database, or an upgrade that brings " +
      'a new BullMQ schema version) and nothing migrates it by itself (`SYMPHONY_AUTO_MIGRATE` is off outside ' +
      'development). `db:status` exits 1 with it while a store is behind.',
    fix:
      'Run `symphony db:migrate` as a deploy step, or apply `symphony db:sql --from <version>` with your migration ' +
      'tool ([postgres.md](postgres.md#schema-management)); `SYMPHONY_AUTO_MIGRATE=true` lets the first process ' +
      'migrate.',
  },
  DB_SCHEMA_TOO_NEW: {
    area: 'store',
    cause:
      "The schema was migrated by a newer BullMQ major than this Symphony's (the code was rolled back after an " +
      'upgrade).',
    fix: 'Run the Symphony version that migrated it, or a newer one: schema downgrades are not supported.',
  },
  DB_POOLER_UNSUPPORTED: {
    area: 'store',
    cause:
      'A worker, a migration or a `db:*` command on a transaction-mode pooler (port 6543, or `pgbouncer=true`), ' +
      "which drops `LISTEN/NOTIFY` and session locks; or a dispatch through one while the role's `search_path` " +
      "does not name Symphony's schema.",
    fix:
      'Consume and migrate over the direct connection or the session-mode pooler (port 5432); for dispatches ' +
      'through the transaction pooler, run the `ALTER ROLE … SET search_path` the message prints ' +
      '([postgres.md, Supabase](postgres.md#supabase)).',
  },
  DB_STORE_LOCKED: {
    area: 'store',
    cause:
      'The embedded store (`pglite://`) is open in another process: PGlite allows one process at a time, and the ' +
      'message names the one holding it. A lock left by a process that died is taken over by itself.',
    fix:
      'Stop that process, or let the CLI go through it (see [postgres.md, the embedded store]' +
      '(postgres.md#the-embedded-store-pglite)); for several processes, use Redis or PostgreSQL ' +
      '(`SYMPHONY_TRANSPORT_DSN`).',
  },
} as const satisfies Record<string, ErrorCatalogueEntry>;
