import type { FailedPage } from '../failed/failed-messages';
import type { CountedKey, FailedStats } from '../failed/failed-stats';

import { columns, firstLine } from './columns';

const ERROR_WIDTH = 80;

export function formatFailedPage(page: FailedPage, offset: number): string {
  if (page.items.length === 0)
    return offset > 0 ? 'no failed messages past this offset\n' : 'no failed messages\n';
  const rows = [
    ['id', 'queue', 'type', 'failed at', 'attempts', 'error'],
    ...page.items.map((m) => [
      m.id,
      m.queue,
      m.type,
      m.failedAt,
      String(m.attemptsMade),
      firstLine(m.error.message, ERROR_WIDTH),
    ]),
  ];
  const shown = `${offset + 1}-${offset + page.items.length}`;
  const of = page.total === undefined ? '' : ` of ${page.total}`;
  const more = page.hasMore ? `; more with --offset ${offset + page.items.length}` : '';
  return `${columns(rows)}(${shown}${of}${more})\n`;
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
