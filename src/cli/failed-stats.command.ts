import type { Command } from 'commander';
import { FailedMessages } from '../failed/failed-messages';
import { createCliContext } from './context';
import { formatFailedStats } from './failed-format';
import { toFilters, withFailedFilters } from './failed-options';
import { writeOut } from './output';

export function registerFailedStatsCommand(program: Command): void {
  withFailedFilters(program.command('failed:stats'))
    .description('failed messages counted by queue, type and error message')
    .option('--json', 'print {"total","byQueue","byType","byError"} as JSON')
    .action(async (opts) => {
      const { symphony } = await createCliContext();
      try {
        const stats = await new FailedMessages(symphony).stats(toFilters(opts));
        writeOut(opts.json ? `${JSON.stringify(stats)}\n` : formatFailedStats(stats));
      } finally {
        await symphony.close();
      }
    });
}
