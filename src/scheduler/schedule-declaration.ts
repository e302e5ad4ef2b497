import type { BodyOf, MessageDefinition } from '../message/define-message';
import type { Priority } from '../message/envelope';
import type { RunTiming } from './next-runs';

export type CatchUp = 'none' | 'last';
export type DateInput = Date | string | number;

/**
 * A scheduled message as declared in `queues/schedules.ts` (or added at runtime). Exactly one of
 * `cron`, `every` or `at` says when it runs.
 */
export interface ScheduleDeclaration<D extends MessageDefinition = MessageDefinition> {
  /** Stable name: letters, digits, `.`, `_`, `-`. Renaming it makes a new schedule. */
  id: string;
  message: D | string;
  body: BodyOf<D>;
  /** 5 fields (minute first), 6 fields (second first), or an alias such as `@daily`. */
  cron?: string;
  /** Interval in ms; BullMQ runs the first at creation (or startDate) and then every `every` ms. */
  every?: number;
  /** One-off time; a string needs an offset (`Z` or `+02:00`). */
  at?: DateInput;
  /** IANA zone for `cron` (default UTC, whatever the server's zone). */
  tz?: string;
  startDate?: DateInput;
  endDate?: DateInput;
  /** Total runs, then the schedule stops. */
  limit?: number;
  /** Overrides the routed queue, as dispatch's `queue` option does. */
  queue?: string;
  priority?: Priority;
  /** When every worker was down at a due time: `none` skips it (default), `last` runs it once on start. */
  catchUp?: CatchUp;
}

/** Types the body against the message schema; the result fits `AppDefinition.schedules`. */
export function defineSchedule<D extends MessageDefinition>(
  declaration: ScheduleDeclaration<D>,
): ScheduleDeclaration {
  return declaration as unknown as ScheduleDeclaration;
}

/** A validated schedule in the form that is stored and compared; times are epoch ms. */
export interface ScheduleSpec extends RunTiming {
  id: string;
  type: string;
  body: unknown;
  queue: string;
  kind: 'cron' | 'every' | 'at';
  priority?: Priority;
  catchUp: CatchUp;
}
