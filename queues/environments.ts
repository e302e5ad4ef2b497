import type { AppDefinition } from '../src/bus/app-definition';

/**
 * What differs per NODE_ENV, merged over queues.ts, schedules.ts and alerts.ts when a process
 * starts (every environment is checked, whichever runs). `symphony config:show` prints the result.
 */
export const environments: AppDefinition['environments'] = {
  // One process on a laptop: no page for a missing worker, and a repeat after a minute, not 15.
  development: { alerts: { rules: { 'no-email-worker': false }, cooldownMs: 60_000 } },
  // Tests never notify anyone (the log still shows every firing).
  test: { alerts: { notify: [] } },
  production: {
    queues: { emails: { concurrency: 20 } },
  },
};
