import pino from 'pino';
import { createSymphony, type Symphony } from '../bus/symphony';
import { configFromEnv, type SymphonyConfig } from '../config/config';
import { createLogger, type Logger } from '../logger';
import { chooseStore } from './default-store';
import { loadApp } from './load-app';

export interface CliContext {
  config: SymphonyConfig;
  logger: Logger;
  symphony: Symphony;
}

/**
 * Wires config, logger and bus for one command. Logs go to stderr except for the long-running
 * commands, so a command's stdout stays machine-readable.
 */
export async function createCliContext(options: { logsToStdout?: boolean } = {}): Promise<CliContext> {
  const { config, notice } = await chooseStore(configFromEnv());
  const logger = createLogger(config.logLevel, options.logsToStdout ? undefined : pino.destination(2));
  if (notice) logger.info({ store: config.defaultDsn }, notice);
  const app = await loadApp(config.appModule);
  return { config, logger, symphony: createSymphony(app, config, { logger }) };
}
