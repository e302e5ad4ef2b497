import { launchCampaign } from './launch-campaign.handler';
import { sendDripStep } from './send-drip-step.handler';
import { sendEmail } from './send-email.handler';

export const handlers = [sendEmail, launchCampaign, sendDripStep];
