import { ConfigError, SymphonyError } from '../errors';

export interface ScheduleIssue {
  /** The declaration field at fault, e.g. `cron`, `tz`, `body.to`. */
  field: string;
  problem: string;
}

/** A schedule that cannot be stored; raised before anything is written. */
export class ScheduleConfigError extends ConfigError {
  constructor(
    readonly scheduleId: string,
    readonly issues: ScheduleIssue[],
  ) {
    super(`Schedule "${scheduleId}": ${issues.map((i) => `${i.field}: ${i.problem}`).join('; ')}`);
  }
}

/** A runtime operation named a schedule that does not exist or cannot take it. */
export class ScheduleNotFoundError extends SymphonyError {
  constructor(readonly scheduleId: string) {
    super(
      'SCHEDULE_NOT_FOUND',
      `No schedule "${scheduleId}": see \`symphony schedule:list\` for the known ids.`,
    );
  }
}
