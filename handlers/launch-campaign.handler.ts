import { defineHandler } from '../src/handling/handler-registry';
import { campaignLaunch } from '../queues/messages';

/** Launching a campaign fans out e-mails; the real audience query arrives with the migration issue. */
export const launchCampaign = defineHandler(
  campaignLaunch,
  async ({ campaignId }, _envelope, { logger }) => logger.info({ campaignId }, 'campaign launched'),
  'launch-campaign',
);
