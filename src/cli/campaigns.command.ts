import type { Command } from 'commander';
import { campaignProgress, type CampaignProgress } from '../campaigns/campaign-status';
import { configFromEnv } from '../config/config';
import { legacyConfigFromEnv } from '../config/legacy-config';
import { optOutKnownNumber } from '../drips/sms-opt-out';
import { ConfigError } from '../errors';
import type { LegacyDb } from '../legacy/legacy-db';
import type { LegacyMapping } from '../legacy/legacy-mapping';
import { loadLegacyMapping } from '../legacy/load-legacy-mapping';
import { createLegacyDb } from '../legacy/open-legacy-db';

/** A command on the legacy database only (no bus): two connections, closed after. */
async function withLegacyDb<T>(
  what: string,
  run: (db: LegacyDb, mapping: LegacyMapping) => Promise<T>,
): Promise<T> {
  const { databaseUrl } = legacyConfigFromEnv();
  if (!databaseUrl)
    throw new ConfigError(
      `LEGACY_DATABASE_URL is not set: ${what} reads the legacy app's database (see docs/migration.md).`,
    );
  const mapping = loadLegacyMapping(configFromEnv().appModule);
  const db = createLegacyDb(databaseUrl, { max: 2 });
  try {
    return await run(db, mapping);
  } finally {
    await db.close();
  }
}

const n = (value: number) => value.toLocaleString('en-US');

export function formatProgress(p: CampaignProgress): string {
  return (
    `campaign ${p.campaignId} (${p.status}): ${n(p.total)} recipients\n` +
    `  dispatched ${n(p.dispatched)} (in flight ${n(p.inFlight)}, sent ${n(p.sent)}, failed ${n(p.failed)}), ` +
    `skipped ${n(p.skipped)}, pending ${n(p.pending)}\n`
  );
}

export function registerCampaignCommands(program: Command): void {
  program
    .command('campaign:status <id>')
    .description('progress of a campaign: recipients dispatched, in flight, sent, failed, skipped, pending')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const progress = await withLegacyDb('campaign:status', (db, m) => campaignProgress(db, m, id));
      process.stdout.write(opts.json ? `${JSON.stringify(progress)}\n` : formatProgress(progress));
    });
  program
    .command('sms:opt-out <phone>')
    .description("opt a number out of SMS (as a STOP would): its contact's drips send no later step")
    .action(async (phone: string) => {
      const result = await withLegacyDb('sms:opt-out', (db, m) => optOutKnownNumber(db, m, phone));
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}
