import { launchCampaign } from './launch-campaign.handler';
import { bridgeLegacyTables } from './legacy-bridge.handler';
import { sendDripStep } from './send-drip-step.handler';
import { sendEmail } from './send-email.handler';

export const handlers = [sendEmail, launchCampaign, sendDripStep, bridgeLegacyTables];
