import type { Command } from 'commander';
import { configFromEnv } from '../config/config';
import { ConfigError, DatabaseError } from '../errors';
import type { Symphony } from '../bus/symphony';
import {
  heldStoreStatus,
  isSqlDsn,
  migrationSql,
  openSchemaAdmin,
  sqlSchemaOf,
  type SchemaAdmin,
  type SchemaStatus,
} from '../transport/schema-admin';
import { chooseStore } from '../transport/default-store';
import { loadCliApp } from './app-option';
import { currentHost, writeOut } from './output';
import { nonNegativeInt } from './parse';

const DSN_HELP = 'a postgres:// or pglite:// DSN (default: every SQL store the app uses)';

/** Schema management for the PostgreSQL (and embedded PGlite) stores: BullMQ's own migrations. */
export function registerDbCommands(program: Command): void {
  program
    .command('db:migrate')
    .description("bring the schema up to date (BullMQ's migrations: idempotent, advisory-locked)")
    .option('--dsn <dsn>', DSN_HELP)
    .action(async (opts) => {
      await eachStore(opts.dsn, async (admin) => {
        const status = await admin.migrate();
        writeOut(`${status.dsn} schema "${status.schema}": version ${status.current}, up to date\n`);
      });
    });

  program
    .command('db:status')
    .description('current vs required schema version; exit code 1 when behind')
    .option('--dsn <dsn>', DSN_HELP)
    .option('--json', 'print {"stores":[...]} as JSON')
    .action(async (opts) => {
      const statuses: SchemaStatus[] = [];
      await eachStore(opts.dsn, async (admin) => void statuses.push(await admin.status()));
      writeOut(opts.json ? `${JSON.stringify({ stores: statuses })}\n` : statuses.map(line).join(''));
      const behind = statuses.filter((s) => !s.upToDate);
      if (behind.length > 0) {
        throw new DatabaseError(
          'DB_SCHEMA_OUTDATED',
          `${behind.map((s) => `"${s.schema}" at ${s.dsn}`).join(', ')} behind: run \`symphony db:migrate\`.`,
        );
      }
    });

  program
    .command('db:drop')
    .description('drop the schema with every queued, failed and scheduled message in it (needs --yes)')
    .option('--dsn <dsn>', DSN_HELP)
    .option('--yes', 'confirm')
    .action(async (opts) => {
      if (!opts.yes) {
        const schemas = (opts.dsn ? [opts.dsn] : await appStores()).map((d) => `"${sqlSchemaOf(d)}"`);
        throw new ConfigError(
          `db:drop deletes schema ${schemas.join(', ')} with every message in it: run again with --yes to confirm.`,
        );
      }
      await eachStore(opts.dsn, async (admin) => {
        const { dsn, schema } = await admin.status();
        await admin.drop();
        writeOut(`${dsn} schema "${schema}": dropped\n`);
      });
    });

  program
    .command('db:sql')
    .description('print the migration SQL, e.g. into supabase/migrations/<timestamp>_symphony.sql')
    .option('--schema <name>', 'schema name (default: from --dsn or SYMPHONY_TRANSPORT_DSN, else symphony)')
    .option('--dsn <dsn>', 'take the schema name from this DSN')
    .option(
      '--from <version>',
      'schema version already applied (prints only the newer migrations)',
      nonNegativeInt,
      0,
    )
    .action(async (opts) => {
      const dsn: string | undefined = opts.dsn ?? configuredSqlDsn();
      writeOut(await migrationSql(opts.schema ?? (dsn ? sqlSchemaOf(dsn) : 'symphony'), opts.from));
    });
}

function line(s: SchemaStatus): string {
  const state = s.upToDate ? 'up to date' : 'behind: run `symphony db:migrate`';
  return `${s.dsn} schema "${s.schema}": version ${s.current} of ${s.required}, ${state}\n`;
}

function configuredSqlDsn(): string | undefined {
  const config = configFromEnv();
  return config.defaultDsnConfigured && isSqlDsn(config.defaultDsn) ? config.defaultDsn : undefined;
}

/** Runs `work` on each target store in turn, always closing its connection. */
async function eachStore(
  dsn: string | undefined,
  work: (admin: SchemaAdmin) => Promise<void>,
): Promise<void> {
  const host = currentHost();
  if (host) {
    for (const admin of heldStores(host.symphony)) await work(admin);
    return;
  }
  for (const target of dsn ? [dsn] : await appStores()) {
    const admin = openSchemaAdmin(target);
    if (!admin) throw new ConfigError(`"${target}" is not a postgres:// or pglite:// DSN.`);
    try {
      await work(admin);
    } finally {
      await admin.close();
    }
  }
}

/**
 * Run by `npm start` for a CLI in another terminal (db:status only): the stores the server's bus
 * holds, read on its own connections, as a second connection to the embedded store cannot open.
 */
function heldStores(symphony: Symphony): SchemaAdmin[] {
  const queueOn = new Map<string, string>();
  for (const queue of symphony.queues.names()) {
    const dsn = symphony.queues.dsn(queue);
    if (isSqlDsn(dsn) && !queueOn.has(dsn)) queueOn.set(dsn, queue);
  }
  const notHere = (): never => {
    throw new ConfigError('Only db:status runs through the server: stop it for db:migrate or db:drop.');
  };
  return [...queueOn].map(([dsn, queue]) => ({
    status: async () => (await heldStoreStatus(symphony.queues.transport(queue), dsn))!,
    migrate: notHere,
    drop: notHere,
    close: async () => undefined,
  }));
}

/** The SQL DSNs the app's queues use: each queue's own, else the default (chosen as `worker` would). */
async function appStores(): Promise<string[]> {
  const { config } = await chooseStore(configFromEnv());
  const app = await loadCliApp(config);
  const dsns = Object.values(app.queues ?? {}).map((q) => q.dsn ?? config.defaultDsn);
  const stores = [...new Set([config.defaultDsn, ...dsns])].filter(isSqlDsn);
  if (stores.length === 0) {
    throw new ConfigError(
      'No postgres:// or pglite:// store configured (SYMPHONY_TRANSPORT_DSN or a queue dsn): pass --dsn.',
    );
  }
  return stores;
}
