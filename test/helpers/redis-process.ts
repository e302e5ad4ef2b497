import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitForPort, which } from './servers';

const INSTALL_ADVICE =
  'Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`, macOS: `brew install redis`).';

/** The path of a Redis binary (redis-server, redis-cli), or an error saying how to install it. */
export function redisBinary(name: 'redis-server' | 'redis-cli'): string {
  const binary = which(name);
  if (!binary) throw new Error(`${name} is not on PATH. ${INSTALL_ADVICE}`);
  return binary;
}

const live = new Set<ChildProcess>();
// A test run that ends without stopping its servers (a failed assertion, Ctrl-C) leaves none behind.
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/**
 * A killed test process (a jest worker SIGKILLed at a timeout) runs no exit handler: a small
 * shell kills the server once this process is gone, and ends by itself when the server does.
 */
function watchOwner(pid: number): void {
  const watchdog = spawn(
    'sh',
    [
      '-c',
      'while kill -0 "$OWNER" 2>/dev/null && kill -0 "$SERVER" 2>/dev/null; do sleep 1; done; kill -0 "$OWNER" 2>/dev/null || kill -9 "$SERVER" 2>/dev/null',
    ],
    {
      stdio: 'ignore',
      detached: true,
      env: { ...process.env, OWNER: String(process.pid), SERVER: String(pid) },
    },
  );
  watchdog.unref();
}

/**
 * One redis-server (plain, cluster node or sentinel) on a loopback port, in a directory of its
 * own that survives restarts: chaos runs kill it with SIGKILL and start it again from its AOF.
 */
export class RedisProcess {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly args: string[],
  ) {}

  /** `args` are redis-server arguments; a sentinel passes its config file path first. */
  static async start(args: string[] = [], options: { port?: number } = {}): Promise<RedisProcess> {
    const port = options.port ?? (await freePort());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-redis-'));
    const server = new RedisProcess(port, dir, args);
    await server.launch();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the server (again) on the same port and directory. */
  async launch(): Promise<void> {
    const child = spawn(
      redisBinary('redis-server'),
      [...this.args, '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir],
      { stdio: 'ignore', cwd: this.dir },
    );
    this.child = child;
    live.add(child);
    child.once('exit', () => live.delete(child));
    watchOwner(child.pid!);
    await waitForPort(this.port, 20_000);
  }

  /** Sends a signal and waits for the process to end (SIGKILL: a crash, nothing flushed). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  /** Stops the server for good and removes its directory. */
  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A short-lived client to this very node, for checks and commands behind the bus's back. */
  async command<T>(work: (client: Redis) => Promise<T>): Promise<T> {
    const client = new Redis(this.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await work(client);
    } finally {
      client.disconnect();
    }
  }
}

/** INFO fields of one section as a record (`role`, `master_link_status`, …). */
export async function info(client: Redis, section: string): Promise<Record<string, string>> {
  const text = await client.info(section);
  return Object.fromEntries(
    text
      .split('\r\n')
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
  );
}

/**
 * Polls until `probe` holds (a failing probe counts as "not yet"); for servers settling
 * (replication, cluster state, failover). Kept free of the bus so global setup can use it.
 */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
