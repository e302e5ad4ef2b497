import type { Symphony } from '../bus/symphony';
import type { FailedMessage } from '../transport/capabilities';
import { walkFailed, type BulkProgress } from './bulk-walk';
import { mergeNewestFirst, readNewestFirst, type FailedSource } from './failed-cursor';
import { FailedStoreUnavailableError } from './failed-errors';
import { failedMatcher, filtersContent, olderThanWindow, type FailedFilters } from './failed-filters';
import { FailedStatsCounter, type FailedStats } from './failed-stats';

export interface FailedPage {
  items: FailedMessage[];
  /** Present when it is cheap to know (no filter other than queue). */
  total?: number;
  hasMore: boolean;
}

export interface FailedOutcome {
  id: string;
  /** The queue the message was found in; absent when it was not found. */
  queue?: string;
  ok: boolean;
}

export interface FailedMessagesOptions {
  /** Messages read per round trip in bulk operations and stats. */
  pageSize?: number;
}

const MAX_CHUNK = 500;

/**
 * The failed-message (DLQ) operations behind the CLI and the HTTP API. Reads stream page by page,
 * so lists, stats and bulk retries over thousands of messages keep memory flat.
 */
export class FailedMessages {
  private readonly pageSize: number;

  constructor(
    private readonly symphony: Symphony,
    options: FailedMessagesOptions = {},
  ) {
    this.pageSize = options.pageSize ?? MAX_CHUNK;
  }

  /** Newest first across the selected queues; `offset` counts matching messages. */
  async list(filters: FailedFilters = {}, page = { offset: 0, limit: 50 }): Promise<FailedPage> {
    const sources = this.sources(filters.queue);
    const chunk = Math.min(page.offset + page.limit + 1, MAX_CHUNK);
    const matches = failedMatcher(filters);
    const items: FailedMessage[] = [];
    let skipped = 0;
    let hasMore = false;
    for await (const message of mergeNewestFirst(sources.map((s) => readNewestFirst(s, chunk)))) {
      if (olderThanWindow(filters, message)) break;
      if (!matches(message)) continue;
      if (skipped < page.offset) skipped++;
      else if (items.length < page.limit) items.push(message);
      else {
        hasMore = true;
        break;
      }
    }
    if (filtersContent(filters)) return { items, hasMore };
    const counts = await Promise.all(sources.map((s) => s.store.countFailed(s.queue)));
    return { items, hasMore, total: counts.reduce((a, b) => a + b, 0) };
  }

  /** One failed message, looked up in `queue` or else in every queue with a failed store. */
  async show(id: string, queue?: string): Promise<FailedMessage | undefined> {
    for (const source of this.sources(queue)) {
      const found = await source.store.getFailed(source.queue, id);
      if (found) return found;
    }
    return undefined;
  }

  /** Each back on its original queue with attempts reset. */
  retry(ids: readonly string[], queue?: string): Promise<FailedOutcome[]> {
    return this.each(ids, queue, (s, id) => s.store.retryFailed(s.queue, id));
  }

  remove(ids: readonly string[], queue?: string): Promise<FailedOutcome[]> {
    return this.each(ids, queue, (s, id) => s.store.removeFailed(s.queue, id));
  }

  /** Retries every message that matched when the call started; reports progress once per page. */
  retryAll(filters: FailedFilters = {}, onProgress?: (p: BulkProgress) => void): Promise<BulkProgress> {
    return walkFailed(this.sources(filters.queue), {
      filters,
      onProgress,
      pageSize: this.pageSize,
      parallel: 25,
      apply: (s, m) => s.store.retryFailed(s.queue, m.id),
    });
  }

  removeAll(filters: FailedFilters = {}, onProgress?: (p: BulkProgress) => void): Promise<BulkProgress> {
    return walkFailed(this.sources(filters.queue), {
      filters,
      onProgress,
      pageSize: this.pageSize,
      parallel: 25,
      apply: (s, m) => s.store.removeFailed(s.queue, m.id),
    });
  }

  /** Counts by queue, type and error message over the matching messages. */
  async stats(filters: FailedFilters = {}): Promise<FailedStats> {
    const matches = failedMatcher(filters);
    const counter = new FailedStatsCounter();
    for (const source of this.sources(filters.queue)) {
      for await (const message of readNewestFirst(source, this.pageSize)) {
        if (olderThanWindow(filters, message)) break;
        if (matches(message)) counter.add(message);
      }
    }
    return counter.result();
  }

  private async each(
    ids: readonly string[],
    queue: string | undefined,
    apply: (source: FailedSource, id: string) => Promise<boolean>,
  ): Promise<FailedOutcome[]> {
    const outcomes: FailedOutcome[] = [];
    for (const id of ids) {
      const found = await this.show(id, queue);
      const source = found && this.sources(found.queue)[0]!;
      outcomes.push(source ? { id, queue: source.queue, ok: await apply(source, id) } : { id, ok: false });
    }
    return outcomes;
  }

  /**
   * One queue (which must keep failed messages) or every queue that does; sync:// queues have
   * nothing to keep, so they are not part of "every queue".
   */
  private sources(queue?: string): FailedSource[] {
    if (queue !== undefined) {
      const transport = this.symphony.queues.transport(queue);
      if (!transport.failed) throw new FailedStoreUnavailableError(queue, transport.kind);
      return [{ queue, store: transport.failed }];
    }
    return this.symphony.queues.names().flatMap((name) => {
      const store = this.symphony.queues.transport(name).failed;
      return store ? [{ queue: name, store }] : [];
    });
  }
}
