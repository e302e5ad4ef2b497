/* eslint-disable @typescript-eslint/no-require-imports -- each command's module loads only when it runs */
import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Command name (or `prefix:`) -> the module that registers it. A call loads only its own command's
 * module and what that imports: `stats` on Redis never loads PostgreSQL, the HTTP API or the
 * migration tools (bench/cli-startup.ts measures it).
 */
const MODULES: Record<string, () => Register> = {
  worker: () => (require('./worker.command') as typeof import('./worker.command')).registerWorkerCommand,
  dispatch: () =>
    (require('./dispatch.command') as typeof import('./dispatch.command')).registerDispatchCommand,
  stats: () => (require('./stats.command') as typeof import('./stats.command')).registerStatsCommand,
  'dedup:': () => (require('./dedup.command') as typeof import('./dedup.command')).registerDedupCommands,
  'failed:': () =>
    (require('./failed.commands') as typeof import('./failed.commands')).registerFailedCommands,
  'messages:': () =>
    (require('./messages.commands') as typeof import('./messages.commands')).registerMessageCommands,
  'queue:': () => (require('./queue.command') as typeof import('./queue.command')).registerQueueCommands,
  'schedule:': () =>
    (require('./schedule.command') as typeof import('./schedule.command')).registerScheduleCommands,
  'db:': () => (require('./db.commands') as typeof import('./db.commands')).registerDbCommands,
  serve: () => (require('./serve.command') as typeof import('./serve.command')).registerServeCommands,
  'flags:': () => (require('./flags.command') as typeof import('./flags.command')).registerFlagCommands,
  'migrate:': () =>
    (require('./migrate.commands') as typeof import('./migrate.commands')).registerMigrateCommands,
  'campaign:': () =>
    (require('./campaigns.command') as typeof import('./campaigns.command')).registerCampaignCommands,
  'alerts:': () => (require('./alerts.command') as typeof import('./alerts.command')).registerAlertCommands,
  'config:': () => (require('./config.command') as typeof import('./config.command')).registerConfigCommand,
};
/** Names registered by a module listed under another key. */
const ALIASES: Record<string, string> = { start: 'serve', 'sms:': 'campaign:' };

/** Global options that take a value, so the value is not mistaken for the command's name. */
const VALUE_OPTIONS = new Set(['--app']);

/** The command named in argv (after node and the script), if any. */
export function commandName(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * Registers the module of the command in argv, or every module when there is none or it is
 * unknown (help, suggestions for a typo). The order of `--help`'s list is this table's.
 * `--version` alone needs none.
 */
export function registerCommands(program: Command, args: readonly string[]): void {
  const name = commandName(args);
  if (name === undefined && args.some((arg) => arg === '-V' || arg === '--version')) return;
  const key = name === undefined ? undefined : name.includes(':') ? `${name.split(':')[0]}:` : name;
  const own = key === undefined ? undefined : (ALIASES[key] ?? key);
  if (own !== undefined && MODULES[own]) return MODULES[own]()(program);
  for (const load of Object.values(MODULES)) load()(program);
}
