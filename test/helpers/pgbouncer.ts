import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAs } from './postgres';
import { freePort, waitForPort, which } from './servers';

export interface TestPgBouncer {
  /** Host and port of the pooler; users are those of `logins`. */
  host: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * A PgBouncer in transaction mode in front of the test PostgreSQL, as Supabase's pooler on 6543
 * is: each transaction may run on another server connection. `logins` are the roles (and their
 * passwords) it logs in with.
 */
export async function startPgBouncer(
  databaseUrl: string,
  logins: Record<string, string>,
): Promise<TestPgBouncer> {
  const binary = which('pgbouncer') ?? ['/usr/sbin/pgbouncer'].find((b) => fs.existsSync(b));
  if (!binary) {
    throw new Error(
      'pgbouncer is not installed: `sudo apt-get install -y pgbouncer` (macOS: `brew install pgbouncer`).',
    );
  }
  const server = new URL(databaseUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-pgbouncer-'));
  const port = await freePort();
  const users = Object.entries(logins).map(([user, password]) => `"${user}" "${password}"`);
  fs.writeFileSync(path.join(dir, 'users.txt'), `${users.join('\n')}\n`);
  fs.writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = plain',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'default_pool_size = 4',
      'ignore_startup_parameters = extra_float_digits',
    ].join('\n'),
  );
  const user = runAs(); // it refuses to run as root, like PostgreSQL
  if (user) {
    fs.chmodSync(dir, 0o755);
    for (const file of fs.readdirSync(dir)) fs.chownSync(path.join(dir, file), user.uid, user.gid);
  }
  const child: ChildProcess = spawn(binary, [path.join(dir, 'pgbouncer.ini')], { stdio: 'ignore', ...user });
  await waitForPort(port, 10_000);
  return {
    host: '127.0.0.1',
    port,
    stop: async () => {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await gone;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
