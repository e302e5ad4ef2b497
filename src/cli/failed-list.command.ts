import type { Command } from 'commander';
import { FailedMessages } from '../failed/failed-messages';
import { createCliContext } from './context';
import { formatFailedPage } from './failed-format';
import { toFilters, withFailedFilters } from './failed-options';
import { LIMITS } from '../bus/limits';
import { intIn } from './parse';
import { writeOut } from './output';

export function registerFailedListCommand(program: Command): void {
  withFailedFilters(program.command('failed:list'))
    .description('failed messages (the DLQ), newest first')
    .option('--limit <n>', 'at most n messages (500 at most)', intIn(1, 500), 50)
    .option('--offset <n>', 'skip the first n matching messages', intIn(0, LIMITS.maxCount), 0)
    .option('--json', 'print {"items","total","hasMore"} as JSON')
    .action(async (opts) => {
      const { symphony } = await createCliContext();
      try {
        const page = await new FailedMessages(symphony).list(toFilters(opts), {
          offset: opts.offset,
          limit: opts.limit,
        });
        writeOut(opts.json ? `${JSON.stringify(page)}\n` : formatFailedPage(page, opts.offset));
      } finally {
        await symphony.close();
      }
    });
}
