import type { Command } from 'commander';
import type { MessageAction } from '../messages/message-search';
import { MessageSearch } from '../messages/message-search';
import { withCliContext } from './context';
import { formatMessagePage } from './messages-format';
import { toQuery, withSearchOptions, type SearchOptions } from './messages-options';
import { writeOut } from './output';

/**
 * messages:search, messages:show and the actions on one message (retry, remove, promote): thin
 * over MessageSearch.
 */
export function registerMessageCommands(program: Command): void {
  withSearchOptions(program.command('messages:search'))
    .description(
      'find messages across queues and states; prints how far the search got and a cursor to go on',
    )
    .action(async (opts: SearchOptions) => {
      const query = toQuery(opts);
      const page = await withCliContext(({ symphony }) => new MessageSearch(symphony).search(query));
      writeOut(opts.json ? `${JSON.stringify(page)}\n` : formatMessagePage(page));
    });

  program
    .command('messages:show <id>')
    .description('one message as JSON: envelope, every attempt with its error and stack, timeline, actions')
    .option('--queue <q>', 'look only in this queue (default: every queue)')
    .action(async (id: string, opts: { queue?: string }) => {
      const detail = await withCliContext(({ symphony }) => new MessageSearch(symphony).show(id, opts.queue));
      writeOut(`${JSON.stringify(detail, null, 2)}\n`);
    });

  for (const [action, description] of ACTIONS) {
    program
      .command(`messages:${action} <id>`)
      .description(description)
      .option('--queue <q>', 'look only in this queue (default: every queue)')
      .option('--json', 'print the outcome as JSON')
      .action(async (id: string, opts: { queue?: string; json?: boolean }) => {
        const outcome = await withCliContext(({ symphony }) =>
          new MessageSearch(symphony)[action](id, opts.queue),
        );
        writeOut(
          opts.json
            ? `${JSON.stringify(outcome)}\n`
            : `${PAST[action]} ${outcome.id} (queue ${outcome.queue})\n`,
        );
      });
  }
}

const ACTIONS: [MessageAction, string][] = [
  ['retry', 'put a failed message back on its queue with attempts reset'],
  ['remove', 'delete a message in any state but active'],
  ['promote', 'make a delayed message available now'],
];

const PAST: Record<MessageAction, string> = { retry: 'retried', remove: 'removed', promote: 'promoted' };
