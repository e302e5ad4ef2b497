import path from 'node:path';
import { AlertService } from '../../src/alerts/alert-service';
import type { Symphony } from '../../src/bus/symphony';
import { closeTestBuses, eventually, redisUrl, testBus, uniquePrefix } from '../helpers/bus';
import { startWebhookSink, type WebhookSink } from '../helpers/webhook-sink';
import { killStrayProcesses, startCli, type CliProcess } from '../fixtures/cli-process';
import alertsApp, { alertJob, backlogJob } from '../fixtures/alerts-app';

const APP = path.resolve(__dirname, '../fixtures/alerts-app.ts');
const INTERVAL_MS = 250;
const RULES = ['jobs-failing', 'backlog-stuck'] as const;

let sink: WebhookSink | undefined;
let alerts: AlertService | undefined;
afterEach(async () => {
  await alerts?.close();
  await killStrayProcesses();
  await closeTestBuses();
  await sink?.close();
});

const leaseTaken = (l: Record<string, unknown>) =>
  l.msg === 'lease taken: this process runs it' && l.lease === 'alerts';
const firingLines = (p: CliProcess, rule: string) =>
  p.logs.filter((l) => l.alert === rule && l.status === 'firing').length;

/**
 * Both rules fire and resolve once: the failure rate of `jobs` (failures, then enough successes to
 * dilute them) and the age of the oldest waiting `backlog` message (dispatched, then consumed here).
 */
async function fireAndResolve(
  bus: Symphony,
  sink: WebhookSink,
  round: number,
  failures: number,
  successes: number,
) {
  await bus.dispatchBatch(Array.from({ length: failures }, () => ({ type: alertJob, body: { fail: true } })));
  await eventually(() => sink.count('jobs-failing', 'firing') === round);
  await bus.dispatchBatch(
    Array.from({ length: successes }, () => ({ type: alertJob, body: { fail: false } })),
  );
  await eventually(() => sink.count('jobs-failing', 'resolved') === round);

  await bus.dispatch(backlogJob, {});
  await eventually(() => sink.count('backlog-stuck', 'firing') === round);
  const consumer = bus.consume('backlog');
  await eventually(() => sink.count('backlog-stuck', 'resolved') === round);
  await consumer.close();
}

/** Waits until the evaluator has looked at every rule a few times more, so a repeat would have shown. */
async function settle(service: AlertService): Promise<void> {
  const after = Date.now() + 4 * INTERVAL_MS;
  await eventually(
    () => service.list(),
    (report) => report.rules.every((r) => r.evaluatedAt !== null && Date.parse(r.evaluatedAt) > after),
  );
}

describe('alerts across processes: one evaluator under a lease, taken over when its holder dies', () => {
  it('fires and resolves each rule exactly once with two workers running, and again from the survivor after a SIGKILL', async () => {
    sink = await startWebhookSink();
    const prefix = uniquePrefix();
    const env = {
      SYMPHONY_TRANSPORT_DSN: redisUrl(),
      SYMPHONY_REDIS_PREFIX: prefix,
      SYMPHONY_APP: APP,
      SYMPHONY_METRICS_SAMPLE_MS: String(INTERVAL_MS),
      ALERT_TEST_WEBHOOK: sink.url,
      LOG_LEVEL: 'info',
    };
    const first = startCli(['worker', '--queues', 'jobs'], env);
    await first.waitForLog(leaseTaken);
    const second = startCli(['worker', '--queues', 'jobs'], env);
    await second.waitForLog((l) => l.msg === 'worker started');
    const bus = testBus(alertsApp, { redisPrefix: prefix });
    alerts = new AlertService(bus);

    await fireAndResolve(bus, sink, 1, 5, 10);
    await settle(alerts);
    for (const rule of RULES) {
      expect([sink.count(rule, 'firing'), sink.count(rule, 'resolved')]).toEqual([1, 1]);
      expect([firingLines(first, rule), firingLines(second, rule)]).toEqual([1, 0]); // the holder sent them
    }
    expect((await alerts.list()).evaluator).toContain(`:${first.pid}:`);

    first.child.kill('SIGKILL');
    await first.exited;
    await second.waitForLog(leaseTaken);
    // the window still holds round 1's messages: more failures to cross the threshold, then more successes
    await fireAndResolve(bus, sink, 2, 20, 40);
    await settle(alerts);
    for (const rule of RULES) {
      expect([sink.count(rule, 'firing'), sink.count(rule, 'resolved')]).toEqual([2, 2]);
      expect(firingLines(second, rule)).toBe(1);
    }
    const report = await alerts.list();
    expect(report.evaluator).toContain(`:${second.pid}:`);
    expect(report.rules.map((r) => [r.id, r.status])).toEqual([
      ['jobs-failing', 'ok'],
      ['backlog-stuck', 'ok'],
    ]);
    const firing = sink.bodies.find((b) => b.rule === 'jobs-failing' && b.status === 'firing');
    expect(firing).toMatchObject({
      kind: 'failure-rate',
      severity: 'critical',
      queue: 'jobs',
      environment: 'test', // NODE_ENV of the processes (jest sets it)
      detail: expect.stringMatching(/finished messages failed/),
    });
    second.child.kill('SIGTERM');
    expect(await second.waitForExit(30_000)).toEqual({ code: 0, signal: null });
  });
});
