import type { MessageFilter, MessageSummary } from '../transport/message-browser';
import { storedMatches } from '../transport/message-filter';
import type { MessagePage, MessageQuery } from './message-search';
import { readEverywhere, type BrowseSource } from './message-sources';
import { decodeCursor, encodeCursor, searchFingerprint } from './search-cursor';

/**
 * One page of a search: an exact id is a direct read in each queue; anything else walks the
 * stores one after another, each in bounded steps, until the page is full or the scan budget is
 * spent. The cursor records the store and that store's position.
 */
export async function searchPages(
  sources: BrowseSource[],
  query: MessageQuery,
  limit: number,
  budget: number,
): Promise<MessagePage> {
  const filter = filterOf(query);
  if (query.id !== undefined) return byId(sources, query.id, filter);
  const fingerprint = searchFingerprint({ filter, queues: sources.map((s) => s.queues) });
  const start = query.cursor ? decodeCursor(query.cursor, fingerprint) : { source: 0 };
  const items: MessageSummary[] = [];
  let scanned = 0;
  for (let s = start.source; s < sources.length; s++) {
    const { browser, queues } = sources[s]!;
    const step = await browser.browse(queues, filter, {
      after: s === start.source ? start.after : undefined,
      limit: limit - items.length,
      budget: Math.max(1, budget - scanned),
    });
    items.push(...step.items);
    scanned += step.scanned;
    if (step.next !== undefined) {
      return {
        items,
        scanned,
        complete: false,
        cursor: encodeCursor(fingerprint, { source: s, after: step.next }),
      };
    }
    const spent = items.length >= limit || scanned >= budget;
    if (spent && s + 1 < sources.length) {
      return { items, scanned, complete: false, cursor: encodeCursor(fingerprint, { source: s + 1 }) };
    }
  }
  return { items, scanned, complete: true };
}

async function byId(sources: BrowseSource[], id: string, filter: MessageFilter): Promise<MessagePage> {
  const found = await readEverywhere(sources, id);
  const reads = sources.reduce((n, s) => n + s.queues.length, 0);
  const items = found.filter((f) => storedMatches(filter, f.message)).map((f) => summaryOf(f.message));
  return { items, scanned: reads, complete: true };
}

function filterOf(query: MessageQuery): MessageFilter {
  const filter: MessageFilter = {};
  if (query.type !== undefined) filter.type = query.type;
  if (query.states?.length) filter.states = [...new Set(query.states)];
  if (query.since) filter.since = query.since.getTime();
  if (query.until) filter.until = query.until.getTime();
  if (query.idempotencyKey !== undefined) filter.idempotencyKey = query.idempotencyKey;
  if (query.correlationId !== undefined) filter.correlationId = query.correlationId;
  if (query.text !== undefined) filter.text = query.text;
  return filter;
}

/** A summary carries no body, attempts or envelope: pages stay small. */
function summaryOf(
  message: MessageSummary & { envelope?: unknown; attempts?: unknown; maxAttempts?: unknown },
) {
  const { envelope: _e, attempts: _a, maxAttempts: _m, ...summary } = message;
  return summary as MessageSummary;
}
