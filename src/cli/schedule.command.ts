import type { Command } from 'commander';
import { LIMITS } from '../bus/limits';
import { parsePriority } from '../bus/priority';
import type { Symphony } from '../bus/symphony';
import { ValidationError } from '../errors';
import type { ScheduleDeclaration } from '../scheduler/schedule-declaration';
import { Schedules } from '../scheduler/schedules';
import { createCliContext } from './context';
import { intIn } from './parse';
import { formatScheduleTable, formatSyncReport } from './schedule-output';
import { writeOut, writeErr } from './output';

const print = (text: string) => writeOut(text.endsWith('\n') ? text : `${text}\n`);

/** Opens the bus, runs one schedule operation, closes the bus whatever happens. */
async function withSchedules(
  work: (schedules: Schedules, symphony: Symphony) => Promise<void>,
): Promise<void> {
  const { symphony } = await createCliContext();
  try {
    await work(new Schedules(symphony), symphony);
  } finally {
    await symphony.close();
  }
}

export function registerScheduleCommands(program: Command): void {
  program
    .command('schedule:sync')
    .description('upsert declared schedules, remove dropped ones; runtime schedules are left alone')
    .option('--dry-run', 'print the diff (add / change / remove) and write nothing')
    .option('--json', 'print the report as JSON')
    .action((opts) =>
      withSchedules(async (schedules) => {
        const report = await schedules.sync({ dryRun: Boolean(opts.dryRun) });
        print(opts.json ? JSON.stringify(report) : formatSyncReport(report));
      }),
    );

  program
    .command('schedule:list')
    .description('every schedule: kind, expression or interval, tz, next 3 runs, last run, origin')
    .option('--json', 'print {"schedules":[...]} as JSON')
    .action((opts) =>
      withSchedules(async (schedules) => {
        const list = await schedules.list();
        print(opts.json ? JSON.stringify({ schedules: list }) : formatScheduleTable(list));
      }),
    );

  program
    .command('schedule:add <id>')
    .description('add a runtime schedule (sync leaves it alone); give one of --cron, --every, --at')
    .requiredOption('--message <type>', 'message type, e.g. email.send')
    .requiredOption('--body <json>', 'message body as JSON')
    .option('--cron <expr>', '5 or 6 fields, or an alias like @daily')
    .option('--every <ms>', 'interval in ms (at least 100)', intIn(LIMITS.minEveryMs, LIMITS.maxDelayMs))
    .option('--at <time>', 'one-off ISO time with offset, e.g. 2030-01-31T09:00:00+01:00')
    .option('--tz <zone>', 'IANA time zone for --cron (default UTC)')
    .option('--start <time>', 'no run before this ISO time')
    .option('--end <time>', 'no run after this ISO time')
    .option('--limit <n>', 'stop after n runs', intIn(1, LIMITS.maxCount))
    .option('--queue <q>', 'override the routed queue')
    .option('--priority <p>', 'critical | high | normal | low, or an integer (1 runs first)')
    .option('--catch-up <mode>', 'none | last: what to do with a run missed while no worker ran')
    .action((id: string, opts) =>
      withSchedules(async (schedules) => {
        print(JSON.stringify(await schedules.add(declarationFrom(id, opts))));
      }),
    );

  program
    .command('schedule:remove <id>')
    .description('remove a schedule (a declared one comes back at the next sync)')
    .action((id: string) =>
      withSchedules(async (schedules) => {
        const removed = await schedules.remove(id);
        if (removed.origin === 'code') {
          writeErr(`note: "${id}" is declared in code; remove it there too or the next sync adds it back\n`);
        }
        print(JSON.stringify({ id, queue: removed.queue, removed: true }));
      }),
    );

  program
    .command('schedule:run <id>')
    .description('send one run now through dispatch; the timetable does not move')
    .action((id: string) =>
      withSchedules(async (schedules) => {
        const sent = await schedules.run(id);
        print(JSON.stringify({ schedule: id, id: sent.id, queue: sent.queue }));
      }),
    );

  for (const [name, description] of [
    ['pause', 'stop firing; the definition is kept (sync keeps it paused)'],
    ['resume', 'start firing again from now'],
  ] as const) {
    program
      .command(`schedule:${name} <id>`)
      .description(description)
      .action((id: string) =>
        withSchedules(async (schedules) => {
          await schedules[name](id);
          print(JSON.stringify(await schedules.get(id)));
        }),
      );
  }
}

function declarationFrom(id: string, opts: Record<string, string | number | undefined>): ScheduleDeclaration {
  let body: unknown;
  try {
    body = JSON.parse(String(opts.body));
  } catch (error) {
    throw new ValidationError('Invalid JSON body', [{ path: 'body', message: (error as Error).message }]);
  }
  const declaration: Record<string, unknown> = { id, message: opts.message, body };
  const copy: [string, string][] = [
    ['cron', 'cron'],
    ['every', 'every'],
    ['at', 'at'],
    ['tz', 'tz'],
    ['start', 'startDate'],
    ['end', 'endDate'],
    ['limit', 'limit'],
    ['queue', 'queue'],
    ['catchUp', 'catchUp'],
  ];
  for (const [flag, field] of copy) if (opts[flag] !== undefined) declaration[field] = opts[flag];
  if (opts.priority !== undefined) declaration.priority = parsePriority(String(opts.priority));
  return declaration as unknown as ScheduleDeclaration;
}
