import { CommanderError } from 'commander';
import { commandName } from './command-modules';
import { withHost, type CliHost } from './output';

/**
 * The commands a running `npm start` runs for a CLI in another terminal while it holds the
 * embedded store (PGlite opens in one process only): everything that works on the store's
 * messages, schedules and queues. Not the long-running ones, nor those that load another app,
 * write the legacy database or manage the schema under the server.
 */
const HOSTED = /^(stats|dispatch|alerts:list|dedup:show|db:status|(failed|messages|schedule|queue):[a-z-]+)$/;

/** True when `args` name a command the server runs for the CLI (and no other app). */
export function isHosted(args: readonly string[]): boolean {
  const name = commandName(args);
  return (
    name !== undefined &&
    HOSTED.test(name) &&
    !args.some((a) => a === '--app' || a.startsWith('--app=') || a === '--dsn' || a.startsWith('--dsn='))
  );
}

export interface HostedResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command in this process, on the host's bus, its output captured. */
export async function runHosted(
  args: readonly string[],
  host: Omit<CliHost, 'stdout' | 'stderr'>,
): Promise<HostedResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await withHost({ ...host, stdout, stderr }, async () => {
    // main.ts requires the command modules; loaded here on first use, as the CLI loads them
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildProgram, describeError } = require('./main') as typeof import('./main');
    const program = buildProgram(args, {
      writeOut: (s) => void stdout.push(s),
      writeErr: (s) => void stderr.push(s),
    });
    try {
      await program.parseAsync([...args], { from: 'user' });
      return 0;
    } catch (error) {
      if (error instanceof CommanderError) return error.exitCode;
      stderr.push(`${describeError(error)}\n`);
      return 1;
    }
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}
