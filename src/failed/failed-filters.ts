import { typeMatcher } from '../message/type-pattern';
import type { FailedMessage } from '../transport/capabilities';

/** Which failed messages an operation applies to; every given field must match. */
export interface FailedFilters {
  queue?: string;
  /** An exact type or `prefix.*`. */
  type?: string;
  /** Failed at or after this time. */
  since?: Date;
  /** Failed at or before this time. */
  until?: Date;
  /** Case-insensitive substring of the error message or the JSON body. */
  grep?: string;
}

/** True when a filter other than `queue` is set: totals then need a scan. */
export function filtersContent(filters: FailedFilters): boolean {
  return Boolean(filters.type || filters.since || filters.until || filters.grep);
}

/** The filter as a predicate; `queue` is applied by choosing which stores to read. */
export function failedMatcher(filters: FailedFilters): (message: FailedMessage) => boolean {
  const typeMatches = typeMatcher(filters.type);
  const since = filters.since?.getTime();
  const until = filters.until?.getTime();
  const needle = filters.grep?.toLowerCase();
  return (message) => {
    if (!typeMatches(message.type)) return false;
    const at = Date.parse(message.failedAt);
    if (since !== undefined && at < since) return false;
    if (until !== undefined && at > until) return false;
    if (needle && !haystack(message).includes(needle)) return false;
    return true;
  };
}

/** Newest-first walks can stop at the first message older than `since`. */
export function olderThanWindow(filters: FailedFilters, message: FailedMessage): boolean {
  return filters.since !== undefined && Date.parse(message.failedAt) < filters.since.getTime();
}

function haystack(message: FailedMessage): string {
  return `${message.error.message}\n${JSON.stringify(message.envelope.body) ?? ''}`.toLowerCase();
}
