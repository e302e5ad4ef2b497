import type { Symphony } from '../bus/symphony';
import { isStoreUnreachable } from '../errors';
import type { Logger } from '../logger';
import { Schedules, type SyncReport } from './schedules';

export interface SyncOnStartOptions {
  /**
   * A worker waits for its store: while this returns true, a store that does not answer is asked
   * again (with a warn line each time) instead of failing the start. Default: fail at once.
   */
  keepTrying?: () => boolean;
}

/**
 * Worker start: bring the stored schedules in line with the declared ones before consuming, so a
 * run missed while every worker was down is kept or dropped (catchUp) before a worker takes it.
 * A bad declaration throws a ConfigError and the worker does not start.
 */
export async function syncSchedulesOnStart(
  symphony: Symphony,
  logger: Logger,
  options: SyncOnStartOptions = {},
): Promise<SyncReport> {
  const report = await syncWhenReachable(new Schedules(symphony), logger, options.keepTrying);
  const ids = (action: string) => report.changes.filter((c) => c.action === action).map((c) => c.id);
  logger.info(
    {
      added: ids('add'),
      changed: ids('change'),
      removed: ids('remove'),
      unchanged: report.unchanged.length,
      caughtUp: report.caughtUp,
      skipped: report.skipped,
    },
    'schedules synced',
  );
  return report;
}

async function syncWhenReachable(
  schedules: Schedules,
  logger: Logger,
  keepTrying: () => boolean = () => false,
): Promise<SyncReport> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await schedules.sync();
    } catch (error) {
      if (!isStoreUnreachable(error) || !keepTrying()) throw error;
      logger.warn({ attempt, error: error.message }, 'store unreachable: schedules not synced yet, retrying');
      const pause = Math.min(attempt * RETRY_STEP_MS, MAX_RETRY_PAUSE_MS);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

const RETRY_STEP_MS = 1000;
const MAX_RETRY_PAUSE_MS = 10_000;
