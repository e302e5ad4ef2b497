import { legacyConfigFromEnv } from '../src/config/legacy-config';
import { defineHandler } from '../src/handling/handler-registry';
import { runBridge } from '../src/legacy/bridge/bridge';
import { legacyRuntime } from '../src/legacy/legacy-runtime';
import { legacy } from '../queues/legacy';
import { legacyBridge, messages } from '../queues/messages';
import { MessageCatalog } from '../src/message/message-catalog';

const catalog = new MessageCatalog(messages);

/** One tick of the bridge from the legacy tables (scheduled every few seconds, see queues/schedules.ts). */
export const bridgeLegacyTables = defineHandler(
  legacyBridge,
  async (_body, _envelope, { logger, bus }) => {
    // A schedule declared by hand (or by migrate:crons) in a process without the legacy database:
    // one warn line a tick, not a failed message every few seconds.
    if (!legacyConfigFromEnv().databaseUrl)
      return logger.warn('legacy bridge tick skipped: LEGACY_DATABASE_URL is not set in this worker');
    const runtime = await legacyRuntime(legacy);
    for (const result of await runBridge(runtime, {
      dispatchBatch: (items) => bus.dispatchBatch(items),
      catalog,
    })) {
      if (result.dispatched + result.invalid + result.released > 0) logger.info(result, 'legacy rows moved');
    }
  },
  'legacy-bridge',
);
