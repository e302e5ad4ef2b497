import { Command, CommanderError, type OutputConfiguration } from 'commander';
import { tracingFromEnv } from '../config/observability-config';
import { SymphonyError, ValidationError } from '../errors';
import { startTelemetry, type RunningTelemetry } from '../telemetry/start-telemetry';
import { registerAppOption } from './app-option';
import { registerCommands } from './command-modules';
import { runOnHoldingServer } from './run-on-server';
import { packageVersion } from './version';

/**
 * The program with the command named in `args` registered, or every command (help) without one;
 * `output` where commander prints (help, usage errors), inherited by the commands.
 */
export function buildProgram(args: readonly string[] = [], output?: OutputConfiguration): Command {
  const program = new Command('symphony')
    .description('Symphony Messenger: typed messages on BullMQ')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride();
  if (output) program.configureOutput(output);
  registerAppOption(program);
  registerCommands(program, args);
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
    // the embedded store held by `npm start`: that process runs the command
    const ranThere = await runOnHoldingServer(argv.slice(2));
    if (ranThere !== undefined) return ranThere;
    await buildProgram(argv.slice(2)).parseAsync(argv);
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
