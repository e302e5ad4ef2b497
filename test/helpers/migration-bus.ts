import { defineApp, type QueueOptions } from '../../src/bus/app-definition';
import type { Symphony } from '../../src/bus/symphony';
import { FlagClient } from '../../src/flags/flag-client';
import type { FlagMode } from '../../src/flags/flag-mode';
import { MemoryFlagStore } from '../../src/flags/flag-store';
import type { LegacyDb } from '../../src/legacy/legacy-db';
import type { LegacyRuntime } from '../../src/legacy/legacy-runtime';
import { legacyWriteBack } from '../../src/legacy/write-back.middleware';
import { createHandlers } from '../../handlers';
import type { Providers } from '../../handlers/providers/provider';
import { legacy } from '../../queues/legacy';
import { messages } from '../../queues/messages';
import { routing } from '../../queues/routing';
import { testBus } from './bus';

export interface MigrationBus {
  bus: Symphony;
  /** What the bridge and the write-back use: the fixture's database, flags in memory, this bus. */
  runtime: LegacyRuntime;
  flags: MemoryFlagStore;
}

/** Quick retries so a test sees a message through its attempts in seconds. */
const testQueues: Record<string, QueueOptions> = {
  emails: { concurrency: 20, retry: { maxRetries: 2, delay: 50, jitter: 0 } },
  campaigns: { concurrency: 1, retry: { maxRetries: 2, delay: 50, jitter: 0 } },
  sms: { concurrency: 10, retry: { maxRetries: 2, delay: 50, jitter: 0 } },
};

/**
 * The app as a worker runs it (its messages, routing, handlers and the legacy write-back) on the
 * given transport, with the given providers and the fixture's legacy database; every legacy job
 * starts in `mode`.
 */
export async function migrationBus(options: {
  dsn: string;
  db: LegacyDb;
  providers: Providers;
  mode?: FlagMode;
  queues?: Record<string, QueueOptions>;
}): Promise<MigrationBus> {
  const flags = new MemoryFlagStore();
  for (const job of ['emails', 'campaigns', 'drips']) await flags.set(job, options.mode ?? 'symphony');
  const runtime: LegacyRuntime = {
    mapping: legacy,
    db: options.db,
    flags: new FlagClient(flags, 0),
    close: async () => undefined,
  };
  const bus: Symphony = testBus(
    defineApp({
      messages,
      routing,
      queues: { ...testQueues, ...options.queues },
      handlers: createHandlers({
        providers: () => options.providers,
        legacy: async () => ({ db: options.db, mapping: legacy }),
      }),
      middleware: { handle: [legacyWriteBack(legacy, async () => runtime)] },
    }),
    { defaultDsn: options.dsn, lockDurationMs: 5000, stalledIntervalMs: 5000 },
  );
  return { bus, runtime, flags };
}
