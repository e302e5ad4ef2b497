import type { ScheduleInfo } from '../scheduler/schedule-info';
import type { SyncReport } from '../scheduler/schedules';
import { columns } from './columns';

const short = (iso: string | null | undefined): string => (iso ? iso.replace('.000Z', 'Z') : '-');

function state(s: ScheduleInfo): string {
  if (s.paused) return 'paused';
  return s.next.length ? 'active' : 'done';
}

/** `schedule:list` as an aligned table; next runs are comma-separated UTC times. */
export function formatScheduleTable(schedules: readonly ScheduleInfo[]): string {
  if (schedules.length === 0) return 'no schedules\n';
  const rows = [
    ['id', 'kind', 'expression', 'tz', 'queue', 'origin', 'state', 'next runs', 'last run'],
    ...schedules.map((s) => [
      s.id,
      s.kind,
      s.expression,
      s.tz ?? '-',
      s.queue,
      s.origin,
      state(s),
      s.next.map(short).join(', ') || '-',
      short(s.lastRun),
    ]),
  ];
  return columns(rows);
}

/** The sync diff, one line per change: `+ add`, `~ change (fields)`, `- remove`. */
export function formatSyncReport(report: SyncReport): string {
  const lines = report.changes.map((c) => {
    if (c.action === 'add') return `+ add     ${c.id} (queue ${c.queue})`;
    if (c.action === 'remove') return `- remove  ${c.id} (queue ${c.queue})`;
    return `~ change  ${c.id}: ${c.fields.join(', ')}`;
  });
  if (lines.length === 0) lines.push('no changes');
  if (report.unchanged.length) lines.push(`= unchanged: ${report.unchanged.join(', ')}`);
  if (report.caughtUp.length) lines.push(`missed runs kept (catchUp last): ${report.caughtUp.join(', ')}`);
  if (report.skipped.length) lines.push(`missed runs skipped (catchUp none): ${report.skipped.join(', ')}`);
  if (report.dryRun) lines.push('dry run: nothing was written');
  return lines.join('\n') + '\n';
}
