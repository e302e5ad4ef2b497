import { InvalidArgumentError, type Command } from 'commander';
import type { MessageQuery } from '../messages/message-search';
import { MAX_LIMIT } from '../messages/message-search';
import { MESSAGE_STATES, type MessageState } from '../transport/message-browser';
import { isoTime } from './failed-options';
import { csv, positiveInt } from './parse';

export interface SearchOptions {
  id?: string;
  type?: string;
  queue?: string[];
  state?: MessageState[];
  since?: Date;
  until?: Date;
  idempotencyKey?: string;
  correlationId?: string;
  text?: string;
  limit: number;
  cursor?: string;
  json?: boolean;
}

function states(value: string): MessageState[] {
  const list = csv(value);
  const unknown = list.find((s) => !(MESSAGE_STATES as readonly string[]).includes(s));
  if (unknown !== undefined || list.length === 0) {
    throw new InvalidArgumentError(`expected states among ${MESSAGE_STATES.join(', ')}, comma-separated`);
  }
  return list as MessageState[];
}

function pageSize(value: string): number {
  const n = positiveInt(value);
  if (n > MAX_LIMIT) throw new InvalidArgumentError(`expected at most ${MAX_LIMIT}`);
  return n;
}

/** The same filters as GET /api/symphony/messages, as options. */
export function withSearchOptions(command: Command): Command {
  return command
    .option('--id <id>', 'exact message id (a direct read in each queue)')
    .option('--type <t>', 'message type, exact or "prefix.*"')
    .option('--queue <a,b>', 'only these queues (default: every queue that keeps messages)', csv)
    .option('--state <a,b>', `only these states: ${MESSAGE_STATES.join(', ')}`, states)
    .option('--since <iso>', 'dispatched at or after this time', isoTime)
    .option('--until <iso>', 'dispatched at or before this time', isoTime)
    .option('--idempotency-key <key>', 'exact idempotency key')
    .option('--correlation-id <id>', 'exact correlation id')
    .option('--text <text>', 'case-insensitive text in the body')
    .option('--limit <n>', `at most n messages per page (max ${MAX_LIMIT})`, pageSize, 50)
    .option('--cursor <cursor>', 'continue a search where its previous page stopped')
    .option('--json', 'print the page as JSON: {"items","cursor","scanned","complete"}');
}

export function toQuery(opts: SearchOptions): MessageQuery {
  const { queue, state, json: _json, ...rest } = opts;
  const query: MessageQuery = {
    ...rest,
    ...(queue ? { queues: queue } : {}),
    ...(state ? { states: state } : {}),
  };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as MessageQuery;
}
