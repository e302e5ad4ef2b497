/**
 * `npm start` on the embedded store: from the command to its "ready in N s" line, on a new data
 * directory (first start: the install's template is copied in) and again on the same one (second
 * start: PGlite reopens it). Medians of a few rounds.
 *
 *   node --import tsx bench/embedded-start.ts [--rounds 3]
 *
 * Runs from this checkout (its node_modules/.cache template), each round in a new temp directory.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

interface Start {
  /** From spawning `npm start` to its ready line. */
  wallMs: number;
  /** What the line itself says (the process's own uptime). */
  saidS: number;
  /** CPU the started process had used by then (user + system), all threads and the main one. */
  cpuMs: number;
  mainCpuMs: number;
}

/**
 * user + system CPU of the process npm started (npm execs node in its shell: npm's only child):
 * all its threads, and its main thread alone (about the wall time on an idle machine; the others
 * compile WebAssembly and collect garbage beside it).
 */
function cpuOfStarted(npmPid: number): { all: number; main: number } {
  const child = fs.readFileSync(`/proc/${npmPid}/task/${npmPid}/children`, 'utf8').trim().split(/\s+/)[0];
  const cpu = (stat: string) => {
    const fields = fs.readFileSync(stat, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
  };
  return { all: cpu(`/proc/${child}/stat`), main: cpu(`/proc/${child}/task/${child}/stat`) };
}

function startOnce(dataDir: string): Promise<Start> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, SYMPHONY_TRANSPORT_DSN: `pglite://${dataDir}`, LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let ready: Start | undefined;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const said = /"msg":"ready in ([\d.]+) s/.exec(out);
      if (!said || ready) return;
      const wallMs = performance.now() - started;
      const cpu = cpuOfStarted(child.pid!);
      ready = { wallMs, saidS: Number(said[1]), cpuMs: cpu.all, mainCpuMs: cpu.main };
      child.kill('SIGINT');
    });
    child.once('exit', (code) =>
      ready ? resolve(ready) : reject(new Error(`npm start exited (${code}) before ready:\n${out}`)),
    );
  });
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const at = process.argv.indexOf('--rounds');
  const rounds = at > 0 ? Number(process.argv[at + 1]) : 3;
  const first: Start[] = [];
  const second: Start[] = [];
  for (let round = 0; round < rounds; round++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-start-bench-'));
    try {
      first.push(await startOnce(path.join(dir, 'data')));
      second.push(await startOnce(path.join(dir, 'data')));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const line = (name: string, starts: Start[]) =>
    `${name.padEnd(32)} wall ${(median(starts.map((s) => s.wallMs)) / 1000).toFixed(2)} s   ` +
    `"ready in" ${median(starts.map((s) => s.saidS)).toFixed(1)} s   ` +
    `cpu ${(median(starts.map((s) => s.cpuMs)) / 1000).toFixed(2)} s ` +
    `(main thread ${(median(starts.map((s) => s.mainCpuMs)) / 1000).toFixed(2)} s)   (${starts.map((s) => (s.wallMs / 1000).toFixed(1)).join(', ')})`;
  console.log(
    `# npm start on the embedded store, ${rounds} rounds, medians; load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  console.log(line('first start (new data directory)', first));
  console.log(line('second start (same directory)', second));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
