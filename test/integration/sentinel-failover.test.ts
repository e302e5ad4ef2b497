import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { killStrayProcesses, startCli } from '../fixtures/cli-process';
import slowApp, { slowWork } from '../fixtures/slow-app';
import { closeTestBuses, eventually, testBus, uniquePrefix } from '../helpers/bus';
import { startRedisSentinel, type TestRedisSentinel } from '../helpers/redis-sentinel';

const APP = path.resolve(__dirname, '../fixtures/slow-app.ts');
const CONCURRENCY = 4;

/** Labels of the messages each `done` line names, in order (one line per completed handling). */
async function doneLabels(file: string): Promise<{ label: string; pid: number }[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.startsWith('done '))
    .map((line) => ({ label: line.split(' ')[1]!, pid: Number(line.split(' ')[2]) }));
}

describe('Redis Sentinel: the master dies mid-drain', () => {
  jest.setTimeout(180_000);
  let sentinel: TestRedisSentinel;
  let dir: string;
  beforeAll(async () => {
    // two replicas: after a failover one is left to confirm dispatches (waitReplicas=1)
    sentinel = await startRedisSentinel({ replicas: 2, downAfterMs: 1000, failoverTimeoutMs: 3000 });
  });
  afterAll(async () => {
    await sentinel?.stop();
  });
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-sentinel-test-'))));
  afterEach(async () => {
    await killStrayProcesses();
    await closeTestBuses();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('with waitReplicas=1, acknowledges a dispatch only once a replica holds it', async () => {
    const bus = testBus(slowApp, {
      defaultDsn: `${sentinel.dsn}?waitReplicas=1`,
      redisPrefix: uniquePrefix(),
      storeTimeoutMs: 1000,
    });
    const body = { file: path.join(dir, 'unused'), ms: 0 };
    await expect(bus.dispatch(slowWork, body)).resolves.toMatchObject({ deduplicated: false });
    const replicas = sentinel.nodes.slice(1);
    // frozen: still replicas for Sentinel for a moment, but none confirms anything
    for (const replica of replicas) process.kill(replica.pid!, 'SIGSTOP');
    try {
      await expect(bus.dispatch(slowWork, body)).rejects.toMatchObject({
        code: 'TRANSPORT_UNAVAILABLE',
        ambiguous: true,
        message: expect.stringContaining('confirmed by 0 of 1 replicas'),
      });
    } finally {
      for (const replica of replicas) process.kill(replica.pid!, 'SIGCONT');
    }
    await expect(bus.dispatch(slowWork, body)).resolves.toMatchObject({ deduplicated: false });
  });

  it('loses no acknowledged message and the same worker carries on once Sentinel promotes the replica', async () => {
    const prefix = uniquePrefix();
    const file = path.join(dir, 'handled.log');
    // waitReplicas=1: a dispatch is acknowledged once the replica has it, so the failover keeps it
    const dsn = `${sentinel.dsn}?waitReplicas=1`;
    const bus = testBus(slowApp, { defaultDsn: dsn, redisPrefix: prefix });
    const before = 200;
    for (let n = 0; n < before; n++) await bus.dispatch(slowWork, { file, ms: 20, label: `a${n}` });

    const worker = startCli(['worker', '--concurrency', String(CONCURRENCY), '--no-schedule-sync'], {
      SYMPHONY_TRANSPORT_DSN: dsn,
      SYMPHONY_REDIS_PREFIX: prefix,
      SYMPHONY_APP: APP,
      SYMPHONY_LOCK_DURATION_MS: '5000',
      SYMPHONY_STALLED_INTERVAL_MS: '5000',
      LOG_LEVEL: 'info',
    });
    await eventually(async () => (await doneLabels(file)).length >= 40, Boolean, 60_000);
    const oldMaster = await sentinel.master();
    await oldMaster.kill('SIGKILL'); // mid-drain: handlers running, completions in flight
    const newMaster = await sentinel.failedOver(oldMaster);
    expect(newMaster).not.toBe(oldMaster);

    // The producer carries on too: these are stored on the promoted replica. Until the replica left
    // confirms (it resyncs with the promoted one, seconds on a loaded machine) a dispatch is refused as
    // ambiguous; the producer retries it with an idempotency key, as docs/reliability.md says.
    const after = 20;
    for (let n = 0; n < after; n++) {
      const label = `b${n}`;
      for (;;) {
        const sent = await bus
          .dispatch(
            slowWork,
            { file, ms: 20, label },
            { idempotencyKey: label, idempotencyMode: 'window', windowMs: 600_000 },
          )
          .catch((error: { code?: string }) => {
            if (error.code !== 'TRANSPORT_UNAVAILABLE') throw error;
          });
        if (sent) break;
      }
    }

    const expected = [
      ...Array.from({ length: before }, (_, n) => `a${n}`),
      ...Array.from({ length: after }, (_, n) => `b${n}`),
    ];
    const done = await eventually(
      () => doneLabels(file),
      (lines) => expected.every((label) => lines.some((l) => l.label === label)),
      120_000,
    );
    // 0 lost (checked above), no restart, and duplicates only for messages in flight at the crash.
    expect(worker.child.exitCode).toBeNull();
    expect(new Set(done.map((l) => l.pid))).toEqual(new Set([worker.pid]));
    const duplicates = done.length - new Set(done.map((l) => l.label)).size;
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
    await eventually(
      async () => (await bus.stats(['slow'])).slow!.completed >= before + after,
      Boolean,
      60_000,
    );
  });
});
