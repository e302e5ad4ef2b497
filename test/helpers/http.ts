import type { AppDefinition } from '../../src/bus/app-definition';
import type { Symphony } from '../../src/bus/symphony';
import type { SymphonyConfig } from '../../src/config/config';
import { defaultHttpConfig, type HttpConfig, type Role } from '../../src/config/http-config';
import { createHttpApp, type HttpApp } from '../../src/http/app';
import { createLogger } from '../../src/logger';
import { instrument } from '../../src/metrics/instrument';
import { createMetrics, type SymphonyMetrics } from '../../src/metrics/registry';
import { captureLogs, closeTestBuses, testBus } from './bus';

/** One token per role (and the cron secret), long enough for the config's floor. */
export const TOKENS: Record<Role | 'cron', string> = {
  admin: 'admin-token-0123456789abcdef',
  dispatcher: 'dispatcher-token-0123456789abcdef',
  viewer: 'viewer-token-0123456789abcdef',
  cron: 'cron-secret-0123456789abcdef',
};

export const bearer = (who: keyof typeof TOKENS): Record<string, string> => ({
  Authorization: `Bearer ${TOKENS[who]}`,
});

export const tokenConfig = (overrides: Partial<HttpConfig> = {}): HttpConfig =>
  defaultHttpConfig({
    tokens: { admin: [TOKENS.admin], dispatcher: [TOKENS.dispatcher], viewer: [TOKENS.viewer] },
    cronSecret: TOKENS.cron,
    ...overrides,
  });

export interface HttpTestSystem {
  symphony: Symphony;
  metrics: SymphonyMetrics;
  http: HttpApp;
  logs: Record<string, unknown>[];
}

const open = new Set<HttpApp>();

/** An instrumented test bus (own Redis prefix) behind the API, with tokens for every role. */
export function httpTestSystem(
  app: AppDefinition,
  options: { http?: Partial<HttpConfig>; config?: Partial<SymphonyConfig> } = {},
): HttpTestSystem {
  const metrics = createMetrics({ processMetrics: false });
  const symphony = testBus(app, options.config, instrument(metrics));
  const logs = captureLogs();
  const http = createHttpApp({
    symphony,
    config: tokenConfig(options.http),
    logger: createLogger('info', logs.stream),
    metrics,
  });
  open.add(http);
  return { symphony, metrics, http, logs: logs.lines };
}

export async function closeHttpTestSystems(): Promise<void> {
  open.forEach((h) => h.close());
  open.clear();
  await closeTestBuses();
}
