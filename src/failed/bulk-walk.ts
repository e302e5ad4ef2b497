import type { FailedMessage } from '../transport/capabilities';
import type { FailedSource } from './failed-cursor';
import { failedMatcher, olderThanWindow, type FailedFilters } from './failed-filters';

export interface BulkProgress {
  /** Messages the operation applied to so far. */
  done: number;
  /** Messages that matched the filters so far (done + those gone before they could be applied). */
  matched: number;
  /** Messages read so far (a message may be read twice when new failures arrive meanwhile). */
  scanned: number;
}

export interface BulkWalk {
  filters: FailedFilters;
  /** Retry or remove one message; false when it had already left the failed set. */
  apply: (source: FailedSource, message: FailedMessage) => Promise<boolean>;
  onProgress?: (progress: BulkProgress) => void;
  pageSize: number;
  /** Messages applied at once within a page. */
  parallel: number;
}

/**
 * Applies an operation to every matching message of the given queues, one page at a time, so
 * memory stays flat whatever the size of the failed set. Only messages that had failed when the
 * walk started are touched: a retried message that fails again during the walk is left alone.
 */
export async function walkFailed(sources: FailedSource[], walk: BulkWalk): Promise<BulkProgress> {
  const progress: BulkProgress = { done: 0, matched: 0, scanned: 0 };
  const startedAt = Date.now();
  const matches = failedMatcher(walk.filters);
  for (const source of sources) {
    let offset = 0;
    for (;;) {
      const page = await source.store.listFailed(source.queue, offset, offset + walk.pageSize - 1);
      const selected: FailedMessage[] = [];
      let kept = 0;
      let reachedOlder = false;
      for (const message of page) {
        if (olderThanWindow(walk.filters, message)) {
          reachedOlder = true; // newest first: the rest of this queue is older still
          break;
        }
        progress.scanned++;
        if (Date.parse(message.failedAt) > startedAt || !matches(message)) kept++;
        else selected.push(message);
      }
      await applyAll(source, selected, walk, progress);
      if (page.length) walk.onProgress?.({ ...progress });
      if (reachedOlder || page.length < walk.pageSize) break;
      // Applied messages left the set and the rest moved up: advance only past the ones kept.
      offset += kept;
    }
  }
  return progress;
}

async function applyAll(
  source: FailedSource,
  messages: FailedMessage[],
  walk: BulkWalk,
  progress: BulkProgress,
): Promise<void> {
  for (let i = 0; i < messages.length; i += walk.parallel) {
    const outcomes = await Promise.all(
      messages.slice(i, i + walk.parallel).map((m) => walk.apply(source, m)),
    );
    progress.matched += outcomes.length;
    progress.done += outcomes.filter(Boolean).length;
  }
}
