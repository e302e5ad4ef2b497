import { providersConfigFromEnv } from '../src/config/providers-config';
import type { LegacyAccess } from '../src/legacy/legacy-access';
import { legacyRuntime } from '../src/legacy/legacy-runtime';
import { legacy } from '../queues/legacy';
import { createProviders } from './providers/create-providers';
import type { Providers } from './providers/provider';

/** What the handlers send with and read from; the process's own by default, tests give theirs. */
export interface HandlerServices {
  providers(): Providers;
  /** The legacy app's database and its mapping (campaign audiences, drip steps). */
  legacy: LegacyAccess;
}

let providers: Providers | undefined;

/**
 * From the environment, on first use: the providers SMTP_URL / TWILIO_* choose (log providers when
 * unset, outside production), and the legacy runtime LEGACY_DATABASE_URL opens.
 */
export const environmentServices: HandlerServices = {
  providers: () => (providers ??= createProviders(providersConfigFromEnv())),
  legacy: () => legacyRuntime(legacy),
};
