import { fanOutCampaign } from '../src/campaigns/fan-out';
import { defineHandler } from '../src/handling/handler-registry';
import { legacyRowOf } from '../src/legacy/legacy-headers';
import { campaignLaunch, emailSend } from '../queues/messages';
import type { HandlerServices } from './services';

/**
 * Launching a campaign fans it out: its audience is read from the legacy database a page at a
 * time (keyset pagination) and one `email.send` per recipient is dispatched with `dispatchBatch`,
 * key `campaign:<id>:<contact>`, so a launch that crashed half-way can simply run again. Opted-out
 * and address-less contacts are marked skipped, addresses `email.send` refuses failed with the
 * reason; an unknown campaign fails for good. Progress lives in the recipient rows:
 * `symphony campaign:status <id>`. In shadow mode nothing is marked and the e-mails are only
 * recorded (src/campaigns/fan-out.ts).
 */
export const launchCampaignHandler = (services: HandlerServices) =>
  defineHandler(
    campaignLaunch,
    async ({ campaignId }, envelope, { logger, bus }) => {
      const { db, mapping } = await services.legacy();
      const shadow = legacyRowOf(envelope)?.shadow ?? false;
      await fanOutCampaign({ db, mapping, bus, logger, email: emailSend, campaignId, shadow });
    },
    'launch-campaign',
  );
