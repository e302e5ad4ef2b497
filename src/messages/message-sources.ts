import type { Symphony } from '../bus/symphony';
import { UnsupportedCapabilityError } from '../control/queue-control.service';
import type { MessageBrowser, StoredMessage } from '../transport/message-browser';

/** The queues of one transport, browsed together (one walk, one cursor position). */
export interface BrowseSource {
  browser: MessageBrowser;
  queues: string[];
}

export interface Located {
  message: StoredMessage;
  source: BrowseSource;
}

/**
 * The given queues (each must be browsable) or every queue whose transport keeps messages, grouped
 * by transport in declaration order, so a search walks each store once.
 */
export function browseSources(symphony: Symphony, queues?: readonly string[]): BrowseSource[] {
  const names = queues ?? symphony.queues.names();
  const sources = new Map<MessageBrowser, string[]>();
  for (const name of names) {
    symphony.queues.options(name); // an unknown queue fails with the list of known ones
    const transport = symphony.queues.transport(name);
    const browser = transport.messages;
    if (!browser) {
      if (queues) throw new UnsupportedCapabilityError(name, transport.kind, 'stored messages to search');
      continue;
    }
    const list = sources.get(browser) ?? [];
    if (!list.includes(name)) list.push(name);
    sources.set(browser, list);
  }
  return [...sources].map(([browser, list]) => ({ browser, queues: list }));
}

/** An id read directly in every queue of the sources (no scan), in declaration order. */
export async function readEverywhere(sources: readonly BrowseSource[], id: string): Promise<Located[]> {
  const reads = sources.flatMap((source) =>
    source.queues.map(async (queue) => {
      const message = await source.browser.get(queue, id);
      return message && { message, source };
    }),
  );
  return (await Promise.all(reads)).filter((found) => found !== undefined);
}

/** The first queue (declaration order) that has the id. */
export async function locate(sources: readonly BrowseSource[], id: string): Promise<Located | undefined> {
  return (await readEverywhere(sources, id))[0];
}
