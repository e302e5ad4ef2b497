import type { Command } from 'commander';
import { createCliContext } from './context';

export function registerDedupCommands(program: Command): void {
  program
    .command('dedup:show <key>')
    .description('duplicate dispatches seen for an idempotency key: count and last time, per queue')
    .option('--json', 'print JSON')
    .action(async (key: string, opts) => {
      const { symphony } = await createCliContext();
      try {
        const records = await symphony.duplicates(key);
        if (opts.json) process.stdout.write(`${JSON.stringify({ key, queues: records })}\n`);
        else if (records.length === 0) process.stdout.write(`no duplicates recorded for "${key}"\n`);
        else {
          for (const r of records) {
            process.stdout.write(
              `${r.queue}  ${r.type}  duplicates=${r.duplicates}  last=${r.lastAt}  kept=${r.keptId}\n`,
            );
          }
        }
      } finally {
        await symphony.close();
      }
    });
}
