import { parseArgs } from 'node:util';
import { defineApp } from '../../src/bus/app-definition';
import { createSymphony } from '../../src/bus/symphony';
import { defaultConfig } from '../../src/config/config';
import { FlagClient } from '../../src/flags/flag-client';
import { MemoryFlagStore } from '../../src/flags/flag-store';
import type { LegacyRuntime } from '../../src/legacy/legacy-runtime';
import { legacyWriteBack } from '../../src/legacy/write-back.middleware';
import { createLogger } from '../../src/logger';
import { createHandlers } from '../../handlers';
import { logSmsProvider } from '../../handlers/providers/log-providers';
import { createSmtpEmailProvider } from '../../handlers/providers/smtp-email-provider';
import { legacy } from '../../queues/legacy';
import { messages } from '../../queues/messages';
import { routing } from '../../queues/routing';
import { startSmtpSink } from '../../test/helpers/smtp-sink';
import { describeEnvironment } from '../environment';
import { benchRedis } from '../redis';
import { markdownTable } from '../table';
import { benchLegacyDatabase, seedBenchCampaign } from './legacy-database';
import { LEGACY_PAGE, legacyProcessor } from './legacy-stage';
import { drainOnly, endToEnd, fanOutOnly, rawAddBulk, type StageResult } from './stages';
import { BenchInputError, reportBenchFailure, usageError } from '../bench-errors';

/**
 * `npm run bench:fan-out [-- --contacts 100000 --concurrency 50 --legacy 5000]`: a campaign's fan-out
 * from the legacy tables (PostgreSQL) onto the bus (Redis) beside raw BullMQ's addBulk, then the
 * e-mails through SMTP to a local sink with their outcome written back, then the whole launch with
 * workers running, and the old cron route as the peer. Everything runs in this one process.
 */
async function main(): Promise<void> {
  const { values } = parseOptions();
  const [contacts, concurrency, legacyCount] = [values.contacts, values.concurrency, values.legacy].map(
    Number,
  );
  if (![contacts, concurrency, legacyCount].every((n) => Number.isInteger(n) && n! > 0))
    throw new BenchInputError('--contacts, --concurrency and --legacy take positive whole numbers');

  const redis = await benchRedis();
  const legacyDb = await benchLegacyDatabase(concurrency!);
  const sink = await startSmtpSink();
  const email = createSmtpEmailProvider(
    {
      kind: 'smtp',
      // a pooled connection per worker slot: nodemailer's default pool of 5 would be the bottleneck
      url: `${sink.url}?pool=true&maxConnections=${concurrency}`,
      from: 'news@example.test',
      messageIdDomain: 'example.test',
    },
    30_000,
  );
  const flags = new MemoryFlagStore();
  await flags.set('campaigns', 'symphony');
  const runtime: LegacyRuntime = {
    mapping: legacy,
    db: legacyDb.db,
    locks: legacyDb.locks,
    flags: new FlagClient(flags, 60_000),
    close: async () => undefined,
  };
  const bus = createSymphony(
    defineApp({
      messages,
      routing,
      queues: { emails: { concurrency: concurrency! } },
      handlers: createHandlers({
        providers: () => ({ email, sms: logSmsProvider }),
        legacy: async () => ({ db: legacyDb.db, mapping: legacy }),
      }),
      middleware: { handle: [legacyWriteBack(legacy, async () => runtime)] },
    }),
    defaultConfig({ defaultDsn: redis.url, redisPrefix: `bench-fanout-${Date.now()}`, logLevel: 'silent' }),
    { logger: createLogger('silent') },
  );
  try {
    console.log(`Campaign fan-out: ${contacts!.toLocaleString('en-US')} contacts`);
    console.log(await describeEnvironment(redis.url));
    console.log(`${await legacyDb.describe()}; SMTP sink (smtp-server) and workers in this process.\n`);
    const [first, second] = [
      await seedBenchCampaign(legacyDb.db, contacts!),
      await seedBenchCampaign(legacyDb.db, contacts!),
    ];
    const rows: StageResult[] = [];
    const stage = async (run: () => Promise<StageResult>) => {
      const row = await run();
      rows.push(row);
      console.log(`  ${row.step}: ${row.seconds.toFixed(1)} s`);
      return row;
    };
    const raw = await stage(() => rawAddBulk(redis.url, contacts!));
    await stage(() => fanOutOnly(bus, legacyDb, first, contacts!));
    await stage(() => drainOnly(bus, sink, contacts!, concurrency!));
    await stage(() => endToEnd(bus, legacyDb, sink, second, contacts!, concurrency!));
    const peer = await stage(() => legacyProcessor(legacyDb, email, sink, legacyCount!));
    console.log(`\n${report(rows, raw, peer, contacts!)}`);
  } finally {
    await bus.close();
    await email.close?.();
    await sink.close();
    await legacyDb.close();
    await redis.stop();
  }
}

function report(rows: StageResult[], raw: StageResult, peer: StageResult, contacts: number): string {
  const n = (v: number, digits = 0) =>
    v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const table = markdownTable(
    ['step', 'messages', 'seconds', 'msgs/s', 'vs raw addBulk', 'node µs/msg'],
    rows.map((r) => [r.step, n(r.messages), n(r.seconds, 1), n(r.rate), n(r.rate / raw.rate, 2), n(r.cpuUs)]),
    new Set([1, 2, 3, 4, 5]),
  );
  const cronMinutes = contacts / LEGACY_PAGE;
  return (
    `${table}\n\nThe legacy route at its cron cadence (${LEGACY_PAGE} per minute) needs ${n(cronMinutes)} minutes for ` +
    `${n(contacts)} contacts; back to back it would take ${n(contacts / peer.rate / 60, 1)} minutes.`
  );
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        contacts: { type: 'string', default: '100000' },
        concurrency: { type: 'string', default: '50' },
        legacy: { type: 'string', default: '5000' },
      },
    });
  } catch (error) {
    throw usageError(error, 'npm run bench:fan-out -- [--contacts N] [--concurrency N] [--legacy N]');
  }
}

main().catch(reportBenchFailure);
