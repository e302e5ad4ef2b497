import pino from 'pino';
import { createSymphony, type Symphony } from '../bus/symphony';
import { configFromEnv, type SymphonyConfig } from '../config/config';
import { createLogger, type Logger } from '../logger';
import { chooseStore } from './default-store';
import { loadApp } from './load-app';
import { checkReadiness } from '../status/readiness';
import { TransportError } from '../errors';

export interface CliContext {
  config: SymphonyConfig;
  logger: Logger;
  symphony: Symphony;
}

/**
 * Wires config, logger and bus for one command. Logs go to stderr except for the long-running
 * commands, so a command's stdout stays machine-readable.
 */
export async function createCliContext(
  options: { logsToStdout?: boolean; checkReachable?: boolean } = {},
): Promise<CliContext> {
  const { config, notice } = await chooseStore(configFromEnv());
  const logger = createLogger(config.logLevel, options.logsToStdout ? undefined : pino.destination(2));
  if (notice) logger.info({ store: config.defaultDsn }, notice);
  const app = await loadApp(config.appModule);
  const symphony = createSymphony(app, config, { logger });
  // Short commands fail fast on a store that does not answer; clients would otherwise retry forever.
  if (options.checkReachable ?? !options.logsToStdout) await ensureReachable(symphony, logger);
  return { config, logger, symphony };
}

async function ensureReachable(symphony: Symphony, logger: Logger): Promise<void> {
  const { ready, checks } = await checkReadiness(symphony, logger, REACH_TIMEOUT_MS);
  if (ready) return;
  await Promise.race([symphony.close(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  const failed = checks.filter((c) => !c.ok);
  throw new TransportError(
    failed
      .map(
        (c) =>
          `the ${c.transport} store of ${c.queues.join(', ')} is not usable (${c.reason ?? 'unreachable'})`,
      )
      .join('; ') +
      `. Is it running, and is SYMPHONY_TRANSPORT_DSN (or the queue's dsn) right? An outdated schema needs \`symphony db:migrate\`.`,
  );
}

const REACH_TIMEOUT_MS = 5000;
