import type { Command } from 'commander';
import type { ActionOutcome, MessageAction, MessageDetail, MessagePage } from '../messages/message-search';
import { MessageSearch } from '../messages/message-search';
import { callApi } from './embedded-api';
import { localOrApi } from './local-or-api';
import { formatMessagePage } from './messages-format';
import { toQuery, toSearchParams, withSearchOptions, type SearchOptions } from './messages-options';

/**
 * messages:search, messages:show and the actions on one message (retry, remove, promote): thin
 * over MessageSearch, or over the HTTP API while `npm start` holds the embedded store.
 */
export function registerMessageCommands(program: Command): void {
  withSearchOptions(program.command('messages:search'))
    .description(
      'find messages across queues and states; prints how far the search got and a cursor to go on',
    )
    .action(async (opts: SearchOptions) => {
      const query = toQuery(opts);
      const page = await localOrApi(
        ({ symphony }) => new MessageSearch(symphony).search(query),
        (url) => callApi<MessagePage>(url, 'GET', `/messages?${toSearchParams(query)}`),
      );
      process.stdout.write(opts.json ? `${JSON.stringify(page)}\n` : formatMessagePage(page));
    });

  program
    .command('messages:show <id>')
    .description('one message as JSON: envelope, every attempt with its error and stack, timeline, actions')
    .option('--queue <q>', 'look only in this queue (default: every queue)')
    .action(async (id: string, opts: { queue?: string }) => {
      const detail = await localOrApi(
        ({ symphony }) => new MessageSearch(symphony).show(id, opts.queue),
        (url) =>
          callApi<MessageDetail>(url, 'GET', `/messages/${encodeURIComponent(id)}${queueParam(opts.queue)}`),
      );
      process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
    });

  for (const [action, description, method, path] of ACTIONS) {
    program
      .command(`messages:${action} <id>`)
      .description(description)
      .option('--queue <q>', 'look only in this queue (default: every queue)')
      .option('--json', 'print the outcome as JSON')
      .action(async (id: string, opts: { queue?: string; json?: boolean }) => {
        const outcome = await localOrApi(
          ({ symphony }) => new MessageSearch(symphony)[action](id, opts.queue),
          (url) =>
            callApi<ActionOutcome>(
              url,
              method,
              `/messages/${encodeURIComponent(id)}${path}${queueParam(opts.queue)}`,
            ),
        );
        process.stdout.write(
          opts.json
            ? `${JSON.stringify(outcome)}\n`
            : `${PAST[action]} ${outcome.id} (queue ${outcome.queue})\n`,
        );
      });
  }
}

const ACTIONS: [MessageAction, string, 'POST' | 'DELETE', string][] = [
  ['retry', 'put a failed message back on its queue with attempts reset', 'POST', '/retry'],
  ['remove', 'delete a message in any state but active', 'DELETE', ''],
  ['promote', 'make a delayed message available now', 'POST', '/promote'],
];

const PAST: Record<MessageAction, string> = { retry: 'retried', remove: 'removed', promote: 'promoted' };

const queueParam = (queue?: string): string => (queue ? `?queue=${encodeURIComponent(queue)}` : '');
