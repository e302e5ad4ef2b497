import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  postgresBinaries,
  startPostgres,
  stopPostgres,
  type TestPostgres,
} from '../../test/helpers/postgres';

const restarted = new Set<ChildProcess>();
process.once('exit', () => restarted.forEach((child) => child.kill('SIGKILL')));

/**
 * A throw-away PostgreSQL (fsync on: crashes are the point) that can be stopped, killed and
 * started again on the same data directory and port, as an operator's restart or a crash would.
 */
export class ChaosPostgres {
  private child: ChildProcess | undefined;

  private constructor(private readonly server: TestPostgres) {}

  static async start(): Promise<ChaosPostgres> {
    return new ChaosPostgres(await startPostgres({ durable: true }));
  }

  get url(): string {
    return this.server.url;
  }

  private get dataDir(): string {
    return path.join(this.server.dir, 'data');
  }

  private postmasterPid(): number | undefined {
    const file = path.join(this.dataDir, 'postmaster.pid');
    return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : undefined;
  }

  /** SIGINT is a fast shutdown (sessions cut, a clean checkpoint); SIGKILL a crash (WAL replay on start). */
  async stop(signal: 'SIGINT' | 'SIGKILL' = 'SIGINT'): Promise<void> {
    const pid = this.postmasterPid();
    if (pid === undefined) return;
    try {
      process.kill(pid, signal);
    } catch {
      return; // already gone
    }
    while (alive(pid)) await sleep(50);
  }

  /** Starts the server again on its data and port; resolves once it answers a query. */
  async start(): Promise<void> {
    const port = new URL(this.url).port;
    const owner = fs.statSync(this.server.dir);
    const args = ['-D', this.dataDir, '-p', port, '-c', 'listen_addresses=127.0.0.1'];
    args.push('-c', `unix_socket_directories=${this.server.dir}`, '-c', 'max_connections=200');
    for (;;) {
      const child = spawn(postgresBinaries().postgres, args, {
        stdio: 'ignore',
        ...(process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {}),
      });
      restarted.add(child);
      child.once('exit', () => restarted.delete(child));
      this.child = child;
      // After a SIGKILL the old backends may hold shared memory a moment: try again until it starts.
      if (await this.answers(child)) return;
      await sleep(200);
    }
  }

  private async answers(child: ChildProcess): Promise<boolean> {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      const client = new pg.Client({ connectionString: this.url });
      client.on('error', () => undefined);
      const ok = await client.connect().then(
        () => client.query('SELECT 1').then(() => true),
        () => false,
      );
      await client.end().catch(() => undefined);
      if (ok) return true;
      await sleep(100);
    }
  }

  async close(): Promise<void> {
    if (this.child) {
      await this.stop('SIGINT');
      fs.rmSync(this.server.dir, { recursive: true, force: true });
    } else {
      await stopPostgres(this.server);
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
