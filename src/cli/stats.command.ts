import type { Command } from 'commander';
import { unknownQueueError } from '../bus/queue-registry';
import type { QueueCounts } from '../transport/transport';
import { callApi } from './embedded-api';
import { localOrApi } from './local-or-api';
import { csv } from './parse';

const COLUMNS: (keyof QueueCounts)[] = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'];

export function registerStatsCommand(program: Command): void {
  program
    .command('stats')
    .description('message counts per queue and state')
    .option('--queues <a,b>', 'only these queues', csv)
    .option('--json', 'print {"queues":{...}} as JSON')
    .action(async (opts) => {
      const stats = await localOrApi(
        ({ symphony }) => symphony.stats(opts.queues),
        async (url) => {
          const { queues } = await callApi<{ queues: Record<string, { counts: QueueCounts }> }>(
            url,
            'GET',
            '/status',
          );
          return countsFromStatus(queues, opts.queues);
        },
      );
      process.stdout.write(opts.json ? `${JSON.stringify({ queues: stats })}\n` : formatTable(stats));
    });
}

/** `stats` through the API (`GET /status`): the same counts, and the same error for an unknown queue, as locally. */
export function countsFromStatus(
  status: Record<string, { counts: QueueCounts }>,
  wanted?: readonly string[],
): Record<string, QueueCounts> {
  const known = Object.keys(status);
  const names = wanted ?? known;
  const unknown = names.find((q) => !Object.hasOwn(status, q));
  if (unknown !== undefined) throw unknownQueueError(unknown, known);
  return Object.fromEntries(names.map((q) => [q, status[q]!.counts]));
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
