import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { postgresBinaries } from './postgres';
import { which } from './servers';

/**
 * `npm test` on a fresh machine: the Redis, PostgreSQL (and PgBouncer) servers the suite starts
 * must be installed. As root or with passwordless sudo on Debian/Ubuntu they are installed here, as
 * .ci/run does; anywhere else the run stops with one line giving the exact command.
 */

/** What the machine offers; injected so the decision is tested without touching the system. */
export interface InstallProbes {
  platform: NodeJS.Platform;
  isRoot: boolean;
  hasAptGet: boolean;
  /** `sudo -n true` succeeds; asked only when not root. */
  canSudo: () => boolean;
}

export type InstallPlan =
  | { kind: 'nothing' }
  | { kind: 'install'; commands: string[][]; description: string }
  | { kind: 'refuse'; message: string };

/** Debian package -> its name in Homebrew, for the advice on macOS. */
const BREW: Record<string, string> = { 'redis-server': 'redis', postgresql: 'postgresql@15' };
/** Debian package -> the variables that name a running server instead. */
const SERVER_ENV: Record<string, string> = {
  'redis-server': 'REDIS_URL and REDIS_CLUSTER_URL',
  postgresql: 'DATABASE_URL',
};

/** Decides from the missing Debian packages and the probes; runs nothing. */
export function planServerInstall(missing: readonly string[], probes: InstallProbes): InstallPlan {
  if (missing.length === 0) return { kind: 'nothing' };
  const apt = ['apt-get', 'install', '-y', '-qq', ...missing];
  if (probes.hasAptGet && (probes.isRoot || probes.canSudo())) {
    // env, not VAR=value: sudo's env_reset would refuse or drop the variable
    const prefix = probes.isRoot ? ['env'] : ['sudo', '-n', 'env'];
    return {
      kind: 'install',
      commands: [
        [...prefix, 'apt-get', 'update', '-qq'],
        [...prefix, 'DEBIAN_FRONTEND=noninteractive', ...apt],
      ],
      description: `${apt.join(' ')}${probes.isRoot ? '' : ' (sudo)'}`,
    };
  }
  const command =
    probes.platform === 'darwin'
      ? `brew install ${missing.map((p) => BREW[p] ?? p).join(' ')}`
      : `sudo apt-get install -y ${missing.join(' ')}`;
  const instead = missing.flatMap((p) => SERVER_ENV[p] ?? []);
  const alternative = instead.length > 0 ? ` (or set ${instead.join(' and ')} to running servers)` : '';
  return {
    kind: 'refuse',
    message: `npm test needs ${missing.join(', ')}, not installed here: run \`${command}\`${alternative}.`,
  };
}

/** The Debian packages of the servers this run will start and cannot find. */
export function missingServerPackages(env: NodeJS.ProcessEnv): string[] {
  const missing: string[] = [];
  const needsRedis = !env.REDIS_URL || !env.REDIS_CLUSTER_URL;
  if (needsRedis && !(which('redis-server') && which('redis-cli'))) missing.push('redis-server');
  if (!env.DATABASE_URL && !hasPostgres()) missing.push('postgresql');
  // the Supabase pooler tests put PgBouncer in front of whichever PostgreSQL the run uses
  if (!which('pgbouncer') && !fs.existsSync('/usr/sbin/pgbouncer')) missing.push('pgbouncer');
  return missing;
}

function hasPostgres(): boolean {
  try {
    postgresBinaries();
    return true;
  } catch {
    return false;
  }
}

export function machineProbes(): InstallProbes {
  return {
    platform: process.platform,
    isRoot: process.getuid?.() === 0,
    hasAptGet: which('apt-get') !== undefined,
    canSudo: () => which('sudo') !== undefined && spawnSync('sudo', ['-n', 'true']).status === 0,
  };
}

/** Installs what is missing when it can; otherwise throws the one line with the command to run. */
export function ensureTestServers(
  env: NodeJS.ProcessEnv = process.env,
  probes: InstallProbes = machineProbes(),
): void {
  const plan = planServerInstall(missingServerPackages(env), probes);
  if (plan.kind === 'nothing') return;
  if (plan.kind === 'refuse') throw oneLine(plan.message);
  process.stderr.write(`\nnpm test: installing the servers it needs: ${plan.description}\n`);
  for (const [binary, ...args] of plan.commands) {
    const run = spawnSync(binary!, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (run.status !== 0) {
      throw oneLine(
        `npm test could not install its servers: \`${plan.description}\` failed (${run.status}).`,
      );
    }
  }
  const still = missingServerPackages(env);
  if (still.length > 0)
    throw oneLine(`npm test installed ${still.join(' and ')} but cannot find its binaries.`);
}

/** jest prints a global setup error's stack: here the message is all the reader needs. */
function oneLine(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}
