import { legacyConfigFromEnv } from '../src/config/legacy-config';
import { defineHandler } from '../src/handling/handler-registry';
import { runBridge } from '../src/legacy/bridge/bridge';
import { legacyRuntime } from '../src/legacy/legacy-runtime';
import { legacy } from '../queues/legacy';
import { legacyBridge } from '../queues/messages';

/** One tick of the bridge from the legacy tables (scheduled every few seconds, see queues/schedules.ts). */
export const bridgeLegacyTables = defineHandler(
  legacyBridge,
  async (_body, _envelope, { logger }) => {
    // A schedule declared by hand (or by migrate:crons) in a process without the legacy database:
    // one warn line a tick, not a failed message every few seconds.
    if (!legacyConfigFromEnv().databaseUrl)
      return logger.warn('legacy bridge tick skipped: LEGACY_DATABASE_URL is not set in this worker');
    const runtime = await legacyRuntime(legacy);
    for (const result of await runBridge(runtime, await runtime.bus())) {
      if (result.dispatched + result.invalid + result.released > 0) logger.info(result, 'legacy rows moved');
    }
  },
  'legacy-bridge',
);
