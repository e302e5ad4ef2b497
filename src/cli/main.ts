import { Command, CommanderError } from 'commander';
import { tracingFromEnv } from '../config/observability-config';
import { SymphonyError, ValidationError } from '../errors';
import { startTelemetry, type RunningTelemetry } from '../telemetry/start-telemetry';
import { registerAlertCommands } from './alerts.command';
import { registerAppOption } from './app-option';
import { registerConfigCommand } from './config.command';
import { registerCampaignCommands } from './campaigns.command';
import { registerDbCommands } from './db.commands';
import { registerDedupCommands } from './dedup.command';
import { registerDispatchCommand } from './dispatch.command';
import { registerFailedCommands } from './failed.commands';
import { registerMessageCommands } from './messages.commands';
import { registerFlagCommands } from './flags.command';
import { registerMigrateCommands } from './migrate.commands';
import { registerQueueCommands } from './queue.command';
import { registerScheduleCommands } from './schedule.command';
import { registerServeCommands } from './serve.command';
import { registerStatsCommand } from './stats.command';
import { registerWorkerCommand } from './worker.command';

export function buildProgram(): Command {
  const program = new Command('symphony')
    .description('Symphony Messenger: typed messages on BullMQ')
    .exitOverride();
  registerAppOption(program);
  registerWorkerCommand(program);
  registerDispatchCommand(program);
  registerStatsCommand(program);
  registerDedupCommands(program);
  registerFailedCommands(program);
  registerMessageCommands(program);
  registerQueueCommands(program);
  registerScheduleCommands(program);
  registerDbCommands(program);
  registerServeCommands(program);
  registerFlagCommands(program);
  registerMigrateCommands(program);
  registerCampaignCommands(program);
  registerAlertCommands(program);
  registerConfigCommand(program);
  return program;
}

/** One line per error on stderr, field by field for validation; no stack traces for expected errors. */
export function describeError(error: unknown): string {
  if (error instanceof ValidationError) {
    return [
      `error: ${error.code}: ${error.message.split(':')[0]}`,
      ...error.issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`),
    ].join('\n');
  }
  if (error instanceof SymphonyError) return `error: ${error.code}: ${error.message}`;
  const e = error as Error;
  return `error: ${e?.message ?? String(error)}`;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  let telemetry: RunningTelemetry | undefined;
  try {
    telemetry = startTelemetry(tracingFromEnv()); // OTEL_* unset: nothing is loaded
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`${describeError(error)}\n`);
    return 1;
  } finally {
    await telemetry?.shutdown(); // the spans still buffered
  }
}

/**
 * Open handles (e.g. a stuck connection) must not keep a finished command alive, but a forced exit
 * must not cut a large output still flowing into a pipe: exit once stdout and stderr have drained.
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () =>
    process.stderr.write('', () => setTimeout(() => process.exit(code), 100).unref()),
  );
}

if (require.main === module) void main().then(exitWhenFlushed);
