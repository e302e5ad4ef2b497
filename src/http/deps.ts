import type { Symphony } from '../bus/symphony';
import type { HttpConfig } from '../config/http-config';
import type { SmsWebhookConfig } from '../config/providers-config';
import type { Logger } from '../logger';
import type { SymphonyMetrics } from '../metrics/registry';

/** What the routers are built from; every route is a thin adapter over these. */
export interface HttpDeps {
  symphony: Symphony;
  config: HttpConfig;
  logger: Logger;
  metrics: SymphonyMetrics;
  /** The inbound SMS webhook's signature check; default: from the environment (TWILIO_AUTH_TOKEN). */
  smsWebhook?: SmsWebhookConfig;
}
