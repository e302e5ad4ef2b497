import { CronExpressionParser } from 'cron-parser';

export interface RunTiming {
  cron?: string;
  every?: number;
  at?: number;
  tz?: string;
  startDate?: number;
  endDate?: number;
  limit?: number;
}

export interface NextRunOptions {
  /** Epoch ms to compute from (usually now). */
  from: number;
  count: number;
  /** Runs already produced; `limit` counts them. */
  runsDone?: number;
  /** A run time already planned (BullMQ's pending run): an `every` schedule keeps its phase. */
  anchor?: number;
}

/**
 * The next run times (epoch ms), computed the way BullMQ 6.7 plans them, so `schedule:list` shows
 * what will happen:
 * - cron: each run is the first match strictly after the previous one (or after max(from,
 *   startDate)), in `tz`; no run after endDate. DST is cron-parser's: a local time skipped in
 *   spring runs in the hour after the jump, a time repeated in autumn runs once (its first
 *   occurrence), and hourly patterns follow real hours.
 * - every: the first run is at max(from, startDate) (BullMQ runs a new interval schedule at once),
 *   then every `every` ms on that phase. BullMQ plans a run when the previous one starts and only
 *   checks endDate then, so one run may fall after endDate.
 * - at: the time itself, while it is ahead.
 */
export function nextRuns(timing: RunTiming, options: NextRunOptions): number[] {
  const remaining = timing.limit === undefined ? Infinity : timing.limit - (options.runsDone ?? 0);
  const count = Math.max(0, Math.min(options.count, remaining));
  if (count === 0) return [];
  if (timing.at !== undefined) return timing.at >= options.from ? [timing.at] : [];
  if (timing.every !== undefined) return everyRuns(timing.every, timing, options, count);
  if (timing.cron !== undefined) return cronRuns(timing.cron, timing, options, count);
  return [];
}

function everyRuns(every: number, timing: RunTiming, options: NextRunOptions, count: number): number[] {
  let t = options.anchor ?? Math.max(options.from, timing.startDate ?? options.from);
  if (options.anchor === undefined && timing.endDate !== undefined && t > timing.endDate) return [];
  const runs = [t];
  while (runs.length < count) {
    if (timing.endDate !== undefined && t > timing.endDate) break;
    t += every;
    runs.push(t);
  }
  return runs;
}

function cronRuns(cron: string, timing: RunTiming, options: NextRunOptions, count: number): number[] {
  const start = Math.max(options.from, timing.startDate ?? options.from);
  // The anchor is a run already planned: list it, then continue after it.
  const runs = options.anchor !== undefined ? [options.anchor] : [];
  const iterator = CronExpressionParser.parse(cron, {
    currentDate: options.anchor ?? start,
    tz: timing.tz ?? 'UTC',
    ...(timing.endDate !== undefined ? { endDate: timing.endDate } : {}),
  });
  while (runs.length < count) {
    try {
      runs.push(iterator.next().getTime());
    } catch {
      break; // past endDate: cron-parser throws "Out of the time span range"
    }
  }
  return runs;
}
