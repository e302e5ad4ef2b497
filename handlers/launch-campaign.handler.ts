import { defineHandler } from '../src/handling/handler-registry';
import { campaignLaunch } from '../queues/messages';
import { configFromEnv } from '../src/config/config';
import { createLogger } from '../src/logger';

const log = createLogger(configFromEnv().logLevel).child({ component: 'campaign' });

/** Launching a campaign fans out e-mails; the real audience query arrives with the migration issue. */
export const launchCampaign = defineHandler(
  campaignLaunch,
  async ({ campaignId }) => log.info({ campaignId }, 'campaign launched'),
  'launch-campaign',
);
