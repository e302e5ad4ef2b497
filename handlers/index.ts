import { launchCampaignHandler } from './launch-campaign.handler';
import { bridgeLegacyTables } from './legacy-bridge.handler';
import { sendDripStepHandler } from './send-drip-step.handler';
import { sendEmailHandler } from './send-email.handler';
import { environmentServices, shadowSafe, type HandlerServices } from './services';

/** The app's handlers on the given services (tests pass sinks and their own database). */
export function createHandlers(given: HandlerServices) {
  const services = shadowSafe(given);
  return [
    sendEmailHandler(services),
    launchCampaignHandler(services),
    sendDripStepHandler(services),
    bridgeLegacyTables,
  ];
}

export const handlers = createHandlers(environmentServices);
