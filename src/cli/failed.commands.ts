import type { Command } from 'commander';
import { registerFailedChangeCommands } from './failed-change.command';
import { registerFailedListCommand } from './failed-list.command';
import { registerFailedShowCommand } from './failed-show.command';
import { registerFailedStatsCommand } from './failed-stats.command';

/** The failed-message (DLQ) commands: failed:list, failed:show, failed:retry, failed:remove, failed:stats. */
export function registerFailedCommands(program: Command): void {
  registerFailedListCommand(program);
  registerFailedShowCommand(program);
  registerFailedChangeCommands(program);
  registerFailedStatsCommand(program);
}
