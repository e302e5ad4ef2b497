import { providersConfigFromEnv } from '../src/config/providers-config';
import type { LegacyAccess } from '../src/legacy/legacy-access';
import { legacyRuntime } from '../src/legacy/legacy-runtime';
import { legacy } from '../queues/legacy';
import { createProviders } from './providers/create-providers';
import type { Providers } from './providers/provider';
import { recordOnlyInShadow, type SendRecorder } from './providers/record-only';

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

/**
 * The same services whose providers record instead of sending inside a shadow delivery, whichever
 * providers were given: a shadow run must never send, even with a test's or an app's own providers.
 */
export function shadowSafe(services: HandlerServices, recorder?: SendRecorder): HandlerServices {
  let last: { given: Providers; safe: Providers } | undefined;
  return {
    ...services,
    providers() {
      const given = services.providers();
      if (last?.given !== given) last = { given, safe: recordOnlyInShadow(given, recorder) };
      return last.safe;
    },
  };
}
