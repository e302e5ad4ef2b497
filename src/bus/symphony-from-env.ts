import { configFromEnv, type SymphonyConfig } from '../config/config';
import { chooseStore } from '../transport/default-store';
import type { AppDefinition } from './app-definition';
import { createSymphony, type Symphony, type SymphonyOptions } from './symphony';

/**
 * The bus on the store the environment names, chosen by the same rule as the CLI: with
 * SYMPHONY_TRANSPORT_DSN unset (and not in production), the local Redis when it answers, else the
 * embedded store; the choice is logged once. A store that does not answer then fails a dispatch
 * within SYMPHONY_STORE_TIMEOUT_MS with TRANSPORT_UNAVAILABLE.
 */
export function symphonyFromEnv(app: AppDefinition, options?: SymphonyOptions): Promise<Symphony> {
  return symphonyOnChosenStore(app, configFromEnv(), options);
}

/** symphonyFromEnv on a given config (tests give theirs, and a probe in place of the local Redis). */
export async function symphonyOnChosenStore(
  app: AppDefinition,
  given: SymphonyConfig,
  options?: SymphonyOptions,
  redisAnswers?: () => Promise<boolean>,
): Promise<Symphony> {
  const { config, notice } = await chooseStore(given, redisAnswers);
  const bus = createSymphony(app, config, options);
  if (notice) bus.logger.info({ store: config.defaultDsn }, notice);
  return bus;
}
