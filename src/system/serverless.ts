import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { AppDefinition } from '../bus/app-definition';
import { createSymphony, type Symphony } from '../bus/symphony';
import { loadApp } from '../cli/load-app';
import { configFromEnv, type SymphonyConfig } from '../config/config';
import { httpConfigFromEnv, type HttpConfig } from '../config/http-config';
import { createHttpApp } from '../http/app';
import { errorBody, toHttpError } from '../http/errors';
import { createLogger } from '../logger';
import { instrument } from '../metrics/instrument';
import { createMetrics } from '../metrics/registry';

export interface ServerlessSetup {
  /** Default: the app module found like the CLI finds it (SYMPHONY_APP, else ./symphony.config.*). */
  load: (modulePath?: string) => Promise<AppDefinition>;
  settings: () => { config: SymphonyConfig; http: HttpConfig };
}

const fromEnvironment: ServerlessSetup = {
  load: loadApp,
  settings: () => ({ config: configFromEnv(), http: httpConfigFromEnv() }),
};

export interface ServerlessHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Closes the bus's connections (platform shutdown hooks, tests). */
  shutdown(): Promise<void>;
}

/**
 * The API as one serverless function (Vercel and the like): built (by default from the
 * environment) on the first request and kept while the instance lives. No worker and no sampler run here; the cron
 * routes do the work.
 */
export function createServerlessHandler(overrides: Partial<ServerlessSetup> = {}): ServerlessHandler {
  const setup = { ...fromEnvironment, ...overrides };
  let built: Promise<{ app: Express; symphony: Symphony }> | undefined;
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const { app } = await (built ??= build(setup));
      app(req as Parameters<Express>[0], res as Parameters<Express>[1]);
    } catch (error) {
      built = undefined; // a fixed environment takes effect on the next request
      const http = toHttpError(error);
      res.statusCode = http.status;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(errorBody(http)));
    }
  };
  return Object.assign(handler, {
    shutdown: async () => {
      const current = built;
      built = undefined;
      await (await current?.catch(() => undefined))?.symphony.close();
    },
  });
}

async function build({ load, settings }: ServerlessSetup) {
  const { config, http } = settings();
  const logger = createLogger(config.logLevel);
  const metrics = createMetrics();
  const symphony = createSymphony(await load(config.appModule), config, instrument(metrics, { logger }));
  try {
    const { app } = createHttpApp({ symphony, config: http, logger, metrics });
    return { app, symphony };
  } catch (error) {
    await symphony.close();
    logger.error({ err: error }, 'the API cannot start');
    throw error;
  }
}

export default createServerlessHandler();
