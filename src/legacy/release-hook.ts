import type { FlagChangeHook } from '../flags/flag-service';
import type { LegacyDb } from './legacy-db';
import { legacyJobs, type LegacyJob, type LegacyMapping } from './legacy-mapping';
import { releaseHeldRows } from './release-rows';

/**
 * When a job goes back to `legacy` (or to `shadow`, where the legacy job sends), the rows the bus
 * holds go back to pending at once. The bridge does the same on its next tick, for switches made
 * where the legacy database is not configured.
 */
export function releaseOnSwitchBack(db: LegacyDb, mapping: LegacyMapping): FlagChangeHook {
  return async (job, mode) => {
    if (mode !== 'symphony' && (legacyJobs as readonly string[]).includes(job))
      await releaseHeldRows(db, mapping, job as LegacyJob);
  };
}
