import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, which } from './servers';

/** The password of the throw-away server; tests of "wrong password" use anything else. */
export const TEST_PG_PASSWORD = 'symphony-test';

const INSTALL_ADVICE =
  'Install PostgreSQL 15 (Debian/Ubuntu: `sudo apt-get install -y postgresql-15` or `postgresql`; ' +
  'macOS: `brew install postgresql@15`) or point DATABASE_URL at a running PostgreSQL 13+.';

/** initdb and postgres from PATH, else from the newest /usr/lib/postgresql/<v>/bin (Debian keeps them there). */
export function postgresBinaries(): { initdb: string; postgres: string } {
  const onPath = which('initdb');
  const dirs = onPath ? [path.dirname(onPath)] : debianBinDirs();
  for (const dir of dirs) {
    const initdb = path.join(dir, 'initdb');
    const postgres = path.join(dir, 'postgres');
    if (fs.existsSync(initdb) && fs.existsSync(postgres)) return { initdb, postgres };
  }
  throw new Error(`PostgreSQL server binaries (initdb, postgres) not found. ${INSTALL_ADVICE}`);
}

function debianBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin'));
}

/** The user to run servers as when this process is root (PostgreSQL and PgBouncer refuse root). */
export function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      `Running as root but there is no "postgres" user to run the server as. ${INSTALL_ADVICE}`,
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Runs the server under a small shell that forwards SIGINT/SIGTERM to it and stops it (and removes
 * its directory) when the owning process is gone: a crashed or killed test run leaves no server.
 * /proc works whatever user owns the owner; kill -0 covers systems without /proc (same user there).
 */
const WATCHDOG = `
"$0" "$@" & pg=$!
trap 'kill -INT $pg 2>/dev/null' INT TERM
alive() { [ -d "/proc/$OWNER" ] || kill -0 "$OWNER" 2>/dev/null; }
( while alive; do sleep 1; done; kill -INT $pg 2>/dev/null ) & watch=$!
wait $pg; wait $pg
kill $watch 2>/dev/null
alive || rm -rf "$DATA_DIR"
`;

export interface TestPostgres {
  url: string;
  process: ChildProcess;
  dir: string;
  /** Starts the server again on the same data directory and port (see restartPostgres). */
  launch?: () => Promise<ChildProcess>;
}

/**
 * Starts a throw-away PostgreSQL on a free loopback port: initdb into a temp dir, password auth over
 * TCP (so a wrong password really fails), fsync off because the data dies with the run anyway
 * (benchmarks of durability settings ask for `durable: true`).
 */
export async function startPostgres(
  options: { durable?: boolean; logFile?: string; settings?: Record<string, string> } = {},
): Promise<TestPostgres> {
  const { initdb, postgres } = postgresBinaries();
  const user = runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-pg-'));
  const pwfile = path.join(dir, 'pw');
  fs.writeFileSync(pwfile, `${TEST_PG_PASSWORD}\n`);
  if (user) {
    fs.chownSync(dir, user.uid, user.gid);
    fs.chownSync(pwfile, user.uid, user.gid);
  }
  const data = path.join(dir, 'data');
  const init = spawnSync(
    initdb,
    ['-D', data, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust'],
    { encoding: 'utf8', cwd: dir, ...user, env: { ...process.env, LC_ALL: 'C' } },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  const args = ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'];
  args.push('-c', `unix_socket_directories=${dir}`, '-c', 'max_connections=200');
  if (!options.durable) args.push('-c', 'fsync=off');
  for (const [name, value] of Object.entries(options.settings ?? {})) args.push('-c', `${name}=${value}`);
  const launch = async (): Promise<ChildProcess> => {
    const child = spawn('sh', ['-c', WATCHDOG, postgres, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      cwd: dir,
      ...user,
      env: { ...process.env, OWNER: String(process.pid), DATA_DIR: dir },
    });
    let log = '';
    child.stderr!.on('data', (chunk) => (log = (log + String(chunk)).slice(-4000)));
    await waitForReady(child, () => log, 20_000);
    child.stderr!.removeAllListeners('data');
    // The server log (deadlocks name their statements there) goes to logFile when asked, else nowhere.
    if (options.logFile) child.stderr!.pipe(fs.createWriteStream(options.logFile, { flags: 'a' }));
    else child.stderr!.resume();
    return child;
  };
  const url = `postgres://postgres:${TEST_PG_PASSWORD}@127.0.0.1:${port}/postgres`;
  return { url, process: await launch(), dir, launch };
}

/**
 * `pg_ctl restart -m fast` on a server of startPostgres: open sessions are cut (57P01), then the
 * same server accepts connections again. Resolves once it does.
 */
export async function restartPostgres(server: TestPostgres): Promise<void> {
  await pausePostgres(server);
  await resumePostgres(server);
}

/** Stops the server (fast shutdown) and keeps its data: resumePostgres starts it again. */
export async function pausePostgres(server: TestPostgres): Promise<void> {
  await stopServerProcess(server.process);
}

export async function resumePostgres(server: TestPostgres): Promise<void> {
  if (!server.launch) throw new Error('resumePostgres: this server was not started by startPostgres');
  server.process = await server.launch();
}

async function stopServerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

async function waitForReady(child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!log().includes('ready to accept connections')) {
    if (child.exitCode !== null) throw new Error(`postgres exited early: ${log()}`);
    if (Date.now() > deadline) throw new Error(`postgres did not start within ${timeoutMs} ms: ${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Fast shutdown (SIGINT), then the temp dir goes. */
export async function stopPostgres(server: { process: ChildProcess; dir: string }): Promise<void> {
  await stopServerProcess(server.process);
  fs.rmSync(server.dir, { recursive: true, force: true });
}
