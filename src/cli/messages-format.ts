import type { MessagePage } from '../messages/message-search';
import { columns, firstLine } from './columns';

const ERROR_WIDTH = 60;

/** A page as a table, then how far the walk got and, when it is not done, the cursor to go on. */
export function formatMessagePage(page: MessagePage): string {
  const table =
    page.items.length === 0
      ? 'no messages found in this page\n'
      : columns([
          ['id', 'queue', 'type', 'state', 'dispatched at', 'attempts', 'error'],
          ...page.items.map((m) => [
            m.id,
            m.queue,
            m.type,
            m.state,
            m.dispatchedAt,
            String(m.attemptsMade),
            firstLine(m.error ?? '', ERROR_WIDTH),
          ]),
        ]);
  const walk = `${page.items.length} shown, ${page.scanned} stored entries scanned`;
  const end = page.complete ? 'search complete' : `more: add --cursor ${page.cursor}`;
  return `${table}(${walk}; ${end})\n`;
}
