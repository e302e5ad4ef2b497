import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(__dirname, 'fixtures');
/** Downloads kept between runs, outside the repository. */
const NPM_CACHE = path.join(os.tmpdir(), 'symphony-npm-cache');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A command to completion, its output collected (and shown when it fails the caller's check). */
export function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out.stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out.stderr += c));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, ...out }));
  });
}

/** Fails with the command's output when it did not exit 0. */
export async function ok(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Run> {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited ${result.code}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** `npm pack` of this repository (prepack builds it), into `dir`: the tarball and the files it holds. */
export async function pack(dir: string): Promise<{ tarball: string; files: string[] }> {
  const { stdout } = await ok('npm', ['pack', '--json', '--pack-destination', dir], ROOT);
  const [report] = JSON.parse(stdout.slice(stdout.indexOf('['))) as [
    { filename: string; files: { path: string }[] },
  ];
  return { tarball: path.join(dir, report.filename), files: report.files.map((f) => f.path) };
}

export function npmInstall(dir: string, packages: string[]): Promise<Run> {
  return ok(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--cache', NPM_CACHE, ...packages],
    dir,
  );
}

/** A copy of test/package/fixtures/<name> in `dir`, with a package.json of its own. */
export function copyFixture(name: string, dir: string): string {
  const target = path.join(dir, name);
  fs.cpSync(path.join(FIXTURES, name), target, { recursive: true });
  fs.writeFileSync(
    path.join(target, 'package.json'),
    JSON.stringify({ name: `${name}-fixture`, private: true }),
  );
  return target;
}

/** Bytes of every file under dir (what `du --apparent-size` counts). */
export function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

/**
 * A long-running process (next start, a worker) whose output the test watches. It leads a process
 * group of its own: npx and `next start` run the real server as a child, which a signal to the
 * direct child alone would leave running.
 */
export class Started {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  exited = false;

  constructor(command: string, args: string[], cwd: string, env: Record<string, string>) {
    this.child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child.stdout!.setEncoding('utf8').on('data', (c: string) => (this.stdout += c));
    this.child.stderr!.setEncoding('utf8').on('data', (c: string) => (this.stderr += c));
    this.child.once('exit', () => (this.exited = true));
  }

  /** JSON log lines on stdout (pino). */
  logs(): Record<string, unknown>[] {
    return this.stdout.split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  /** SIGTERM to the whole group (a worker finishes what it holds), SIGKILL if it is still there after 30 s. */
  async stop(): Promise<void> {
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-this.child.pid!, signal);
      } catch {
        // the group is gone already
      }
    };
    const gone = this.exited ? Promise.resolve() : new Promise((resolve) => this.child.once('exit', resolve));
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 30_000);
    await gone;
    // the group's other members (the server under npx) end with it: wait until none is left
    for (let i = 0; i < 400 && groupAlive(this.child.pid!); i++) await new Promise((r) => setTimeout(r, 100));
    clearTimeout(timer);
    this.child.stdout!.destroy();
    this.child.stderr!.destroy();
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
