import type { Command } from 'commander';
import { createCliContext } from './context';
import { writeOut } from './output';

export function registerDedupCommands(program: Command): void {
  program
    .command('dedup:show <key>')
    .description('duplicate dispatches seen for an idempotency key: count and last time, per queue')
    .option('--json', 'print JSON')
    .action(async (key: string, opts) => {
      const { symphony } = await createCliContext();
      try {
        const records = await symphony.duplicates(key);
        if (opts.json) writeOut(`${JSON.stringify({ key, queues: records })}\n`);
        else if (records.length === 0) writeOut(`no duplicates recorded for "${key}"\n`);
        else {
          for (const r of records) {
            writeOut(
              `${r.queue}  ${r.type}  duplicates=${r.duplicates}  last=${r.lastAt}  kept=${r.keptId}\n`,
            );
          }
        }
      } finally {
        await symphony.close();
      }
    });
}
