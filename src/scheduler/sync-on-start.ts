import type { Symphony } from '../bus/symphony';
import type { Logger } from '../logger';
import { Schedules, type SyncReport } from './schedules';

/**
 * Worker start: bring the stored schedules in line with the declared ones before consuming, so a
 * run missed while every worker was down is kept or dropped (catchUp) before a worker takes it.
 * A bad declaration throws a ConfigError and the worker does not start.
 */
export async function syncSchedulesOnStart(symphony: Symphony, logger: Logger): Promise<SyncReport> {
  const report = await new Schedules(symphony).sync();
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
