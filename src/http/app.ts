import express, { type Express } from 'express';
import helmet from 'helmet';
import { adminUi } from '../../dashboard';
import { AlertService } from '../alerts/alert-service';
import { smsWebhookConfigFromEnv } from '../config/providers-config';
import { FlagService } from '../flags/flag-service';
import { legacyRuntime } from '../legacy/legacy-runtime';
import { loadLegacyMapping } from '../legacy/load-legacy-mapping';
import { openFlags } from '../flags/open-flags';
import { Schedules } from '../scheduler/schedules';
import { authenticate, checkAuthConfigured, TokenTable } from './auth';
import { jsonBody } from './body';
import type { HttpDeps } from './deps';
import { errorHandler, notFound } from './errors';
import { dispatchLimiter } from './rate-limit';
import { requestId } from './request-id';
import { alertsRoutes } from './routes/alerts.routes';
import { cliRoutes } from './routes/cli.routes';
import { consumeRoutes } from './routes/consume.routes';
import { cronRoutes } from './routes/cron.routes';
import { dispatchRoutes } from './routes/dispatch.routes';
import { failedRoutes } from './routes/failed.routes';
import { messagesRoutes } from './routes/messages.routes';
import { flagsRoutes } from './routes/flags.routes';
import { campaignRoutes } from './routes/campaigns.routes';
import { smsWebhookRoutes } from './routes/sms-webhook.routes';
import { healthRoutes } from './routes/health.routes';
import { metricsRoutes } from './routes/metrics.routes';
import { openApiRoutes } from './routes/openapi.routes';
import { queuesRoutes } from './routes/queues.routes';
import { schedulesRoutes } from './routes/schedules.routes';
import { statusRoutes } from './routes/status.routes';
import type * as RequestSpans from '../telemetry/request-spans';

/** Required only when traces are on. */
const loadRequestSpans = (): typeof RequestSpans =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, not at import
  require('../telemetry/request-spans');

export interface HttpApp {
  app: Express;
  /** Releases what the app holds (the rate limiter's timer); the bus is the caller's. */
  close(): void;
}

/**
 * The API: request id first (so every response has one), security headers, public probes, then
 * authenticated routers. Throws ConfigError when auth would be off where it must not be.
 */
export function createHttpApp(deps: HttpDeps): HttpApp {
  const { symphony, config, logger } = deps;
  const tokens = new TokenTable(config);
  const mode = checkAuthConfigured(config, tokens, logger);
  const body = jsonBody(config.bodyLimitBytes);
  const limiter = dispatchLimiter(config.dispatchRateLimit);
  const schedules = new Schedules(symphony);
  // Opened on the first flags request: most deployments never call these routes.
  let flags: ReturnType<typeof openFlags> | undefined;
  const flagService = () => new FlagService((flags ??= openFlags(symphony)).store);
  let alerts: AlertService | undefined;
  const alertService = () => (alerts ??= new AlertService(symphony));

  // The legacy database (campaign progress, SMS opt-outs), opened on the first request that needs it.
  const legacy = () => legacyRuntime(loadLegacyMapping(symphony.config.appModule));

  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', 1);
  app.use(requestId());
  // a server span per request when traces are on (OTEL_*), continuing a caller's traceparent
  if (symphony.config.tracing) app.use(loadRequestSpans().traceRequests());
  app.use(helmet());
  app.use(healthRoutes(symphony, logger));
  app.use(metricsRoutes(deps.metrics, authenticate(tokens, mode)));
  // Twilio calls without a bearer token: the route checks X-Twilio-Signature instead.
  app.use(smsWebhookRoutes(legacy, deps.smsWebhook ?? smsWebhookConfigFromEnv(), logger));
  app.use(
    '/api/cron',
    authenticate(tokens, mode, { acceptCron: true }),
    cronRoutes(symphony, () => schedules.sync()),
  );
  app.use(
    '/api/symphony',
    authenticate(tokens, mode),
    dispatchRoutes(symphony, body, limiter.middleware),
    consumeRoutes(symphony, body),
    statusRoutes(symphony),
    failedRoutes(symphony, body),
    messagesRoutes(symphony),
    schedulesRoutes(schedules, body),
    queuesRoutes(symphony, body),
    flagsRoutes(flagService, body),
    campaignRoutes(legacy, body),
    alertsRoutes(alertService),
    openApiRoutes(symphony.catalog),
    cliRoutes(symphony, logger, body), // the CLI's, while this process holds the embedded store
  );
  app.use(adminUi({ symphony, schedules, config, tokens, mode, logger, alerts: alertService }));
  app.use(notFound);
  app.use(errorHandler(logger));
  return {
    app,
    close: () => {
      limiter.close();
      void flags?.close().catch(() => undefined);
      void alerts?.close().catch(() => undefined);
    },
  };
}
