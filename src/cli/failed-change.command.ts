import type { Command } from 'commander';
import type { BulkProgress } from '../failed/bulk-walk';
import { FailedMessageNotFoundError } from '../failed/failed-errors';
import { FailedMessages, type FailedOutcome } from '../failed/failed-messages';
import { createCliContext } from './context';
import { hasContentFilter, toFilters, withFailedFilters, type FailedFilterOptions } from './failed-options';
import { writeOut, writeErr } from './output';

interface Change {
  name: 'retry' | 'remove';
  past: string;
  description: string;
  one: (service: FailedMessages, ids: string[], queue?: string) => Promise<FailedOutcome[]>;
  all: (
    service: FailedMessages,
    opts: FailedFilterOptions,
    onProgress: (p: BulkProgress) => void,
  ) => Promise<BulkProgress>;
}

const CHANGES: Change[] = [
  {
    name: 'retry',
    past: 'retried',
    description: 'put failed messages back on their original queue with attempts reset',
    one: (s, ids, queue) => s.retry(ids, queue),
    all: (s, opts, onProgress) => s.retryAll(toFilters(opts), onProgress),
  },
  {
    name: 'remove',
    past: 'removed',
    description: 'delete failed messages for good',
    one: (s, ids, queue) => s.remove(ids, queue),
    all: (s, opts, onProgress) => s.removeAll(toFilters(opts), onProgress),
  },
];

/** failed:retry and failed:remove: by id, or every match with --all (progress on stderr). */
export function registerFailedChangeCommands(program: Command): void {
  for (const change of CHANGES) {
    const command: Command = withFailedFilters(program.command(`failed:${change.name} [ids...]`))
      .description(`${change.description}: by id, or --all that match the filters`)
      .option('--all', `${change.name} every failed message that matches the filters`)
      .option('--json', 'print the outcome as JSON')
      .action(async (ids: string[], opts: FailedFilterOptions & { all?: boolean; json?: boolean }) => {
        if (opts.all && ids.length > 0) command.error(`error: give message ids or --all, not both`);
        if (!opts.all && ids.length === 0) command.error(`error: give one or more message ids, or --all`);
        if (!opts.all && hasContentFilter(opts))
          command.error('error: --type/--since/--until/--grep need --all');
        const missing = opts.all ? [] : await runByIds(change, ids, opts);
        if (opts.all) await runAll(change, opts);
        if (missing.length > 0) {
          command.error(missing.map((id) => notFound(id, opts.queue)).join('\n'));
        }
      });
  }
}

/** Applies the change to each id; returns the ids that were not found. */
async function runByIds(
  change: Change,
  ids: string[],
  opts: FailedFilterOptions & { json?: boolean },
): Promise<string[]> {
  const { symphony } = await createCliContext();
  try {
    const outcomes = await change.one(new FailedMessages(symphony), ids, opts.queue);
    if (opts.json) writeOut(`${JSON.stringify({ [change.past]: outcomes })}\n`);
    else for (const o of outcomes.filter((o) => o.ok)) writeOut(`${change.past} ${o.id} (${o.queue})\n`);
    return outcomes.filter((o) => !o.ok).map((o) => o.id);
  } finally {
    await symphony.close();
  }
}

async function runAll(change: Change, opts: FailedFilterOptions & { json?: boolean }): Promise<void> {
  const { symphony } = await createCliContext();
  try {
    const onProgress = (p: BulkProgress) =>
      writeErr(`${change.past} ${p.done} of ${p.matched} matched so far (${p.scanned} read)\n`);
    const result = await change.all(new FailedMessages(symphony), opts, onProgress);
    writeOut(
      opts.json
        ? `${JSON.stringify(result)}\n`
        : `${change.past} ${result.done} failed message(s) of ${result.matched} matched\n`,
    );
  } finally {
    await symphony.close();
  }
}

function notFound(id: string, queue?: string): string {
  const error = new FailedMessageNotFoundError(id, queue);
  return `error: ${error.code}: ${error.message}`;
}
