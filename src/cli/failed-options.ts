import { InvalidArgumentError, type Command } from 'commander';
import type { FailedFilters } from '../failed/failed-filters';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or time; a time without zone is local, a bare date is midnight UTC (as in JS). */
export function isoTime(value: string): Date {
  const at = Date.parse(value);
  if (!ISO_TIME.test(value) || Number.isNaN(at)) {
    throw new InvalidArgumentError(
      'expected an ISO 8601 date or time, e.g. 2024-05-01 or 2024-05-01T12:00:00Z',
    );
  }
  return new Date(at);
}

/** The filter options every failed:* command shares. */
export function withFailedFilters(command: Command): Command {
  return command
    .option('--queue <q>', 'only this queue (default: every queue that keeps failed messages)')
    .option('--type <t>', 'message type, exact or "prefix.*"')
    .option('--since <iso>', 'failed at or after this time', isoTime)
    .option('--until <iso>', 'failed at or before this time', isoTime)
    .option('--grep <text>', 'case-insensitive text in the error message or the JSON body');
}

export interface FailedFilterOptions {
  queue?: string;
  type?: string;
  since?: Date;
  until?: Date;
  grep?: string;
}

export function toFilters(opts: FailedFilterOptions): FailedFilters {
  const { queue, type, since, until, grep } = opts;
  return Object.fromEntries(
    Object.entries({ queue, type, since, until, grep }).filter(([, v]) => v !== undefined),
  ) as FailedFilters;
}

/** True when a content filter (not --queue) was given. */
export const hasContentFilter = (opts: FailedFilterOptions): boolean =>
  [opts.type, opts.since, opts.until, opts.grep].some((v) => v !== undefined);
