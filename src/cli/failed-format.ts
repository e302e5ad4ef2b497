import type { FailedPage } from '../failed/failed-messages';
import type { CountedKey, FailedStats } from '../failed/failed-stats';

import { columns, firstLine } from './columns';

const ERROR_WIDTH = 80;

/**
 * One row per message, and its error below it in full (its first line): the cause is often at
 * the end ("1 handler(s) failed for …: send-email: … 550 5.1.2 …"), so a cut column would hide it.
 */
export function formatFailedPage(page: FailedPage, offset: number): string {
  if (page.items.length === 0)
    return offset > 0 ? 'no failed messages past this offset\n' : 'no failed messages\n';
  const [header, ...rows] = columns([
    ['id', 'queue', 'type', 'failed at', 'attempts'],
    ...page.items.map((m) => [m.id, m.queue, m.type, m.failedAt, String(m.attemptsMade)]),
  ]).split('\n');
  const lines = page.items.map((m, i) => `${rows[i]}\n  error: ${firstLine(m.error.message, Infinity)}\n`);
  const shown = `${offset + 1}-${offset + page.items.length}`;
  const of = page.total === undefined ? '' : ` of ${page.total}`;
  const more = page.hasMore ? `; more with --offset ${offset + page.items.length}` : '';
  return `${header}\n${lines.join('')}(${shown}${of}${more})\n`;
}

export function formatFailedStats(stats: FailedStats): string {
  const section = (title: string, counts: CountedKey[]) =>
    counts.length === 0
      ? ''
      : `\n${columns([[title, 'count'], ...counts.map((c) => [firstLine(c.key, ERROR_WIDTH), String(c.count)])])}`;
  return (
    `failed messages: ${stats.total}\n` +
    section('queue', stats.byQueue) +
    section('type', stats.byType) +
    section('error', stats.byError)
  );
}
