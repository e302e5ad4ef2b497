import type { Command } from 'commander';
import type { QueueCounts } from '../transport/transport';
import { withCliContext } from './context';
import { csv } from './parse';
import { writeOut } from './output';

const COLUMNS: (keyof QueueCounts)[] = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'];

export function registerStatsCommand(program: Command): void {
  program
    .command('stats')
    .description('message counts per queue and state')
    .option('--queues <a,b>', 'only these queues', csv)
    .option('--json', 'print {"queues":{...}} as JSON')
    .action(async (opts) => {
      const stats = await withCliContext(({ symphony }) => symphony.stats(opts.queues));
      writeOut(opts.json ? `${JSON.stringify({ queues: stats })}\n` : formatTable(stats));
    });
}

export function formatTable(stats: Record<string, QueueCounts>): string {
  const rows = [
    ['queue', ...COLUMNS],
    ...Object.entries(stats).map(([q, c]) => [q, ...COLUMNS.map((k) => String(c[k]))]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return (
    rows
      .map((r) =>
        r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
      )
      .join('\n') + '\n'
  );
}
