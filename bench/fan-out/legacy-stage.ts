import { randomUUID } from 'node:crypto';
import { processCampaigns } from '../../examples/legacy-app/processors/campaign.processor';
import { createLogger } from '../../src/logger';
import type { EmailProvider } from '../../handlers/providers/provider';
import type { SmtpSink } from '../../test/helpers/smtp-sink';
import { seedBenchCampaign, type BenchLegacyDatabase } from './legacy-database';
import { stageResult, startClock, type StageResult } from './stages';

/** Recipients per run of the old cron route (its default), which the platform calls once a minute. */
export const LEGACY_PAGE = 500;

/**
 * The peer: the old campaign cron route, called back to back (no minute between runs) on a campaign
 * of `count`, sending through the same SMTP provider and sink, one e-mail at a time as it does.
 */
export async function legacyProcessor(
  legacyDb: BenchLegacyDatabase,
  email: EmailProvider,
  sink: SmtpSink,
  count: number,
): Promise<StageResult> {
  await seedBenchCampaign(legacyDb.db, count, 'scheduled');
  const log = createLogger('silent');
  const providers = {
    email: {
      send: async (mail: { to: string; subject: string; text?: string }) =>
        void (await email.send({ ...mail, messageId: randomUUID() }, log)),
    },
    sms: { send: async () => undefined },
  };
  const flags = { mode: async () => 'legacy' as const };
  const before = sink.received.length;
  const started = startClock();
  while ((await processCampaigns(legacyDb.db, flags, providers, LEGACY_PAGE)).sent > 0);
  if (sink.received.length - before !== count)
    throw new Error(`legacy run sent ${sink.received.length - before} of ${count}`);
  return stageResult(`legacy cron route, ${LEGACY_PAGE} per run, runs back to back`, count, started);
}
