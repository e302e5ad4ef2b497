import path from 'node:path';
import { closeTestBuses, eventually, redisUrl, testBus, uniquePrefix } from '../helpers/bus';
import { freePort } from '../helpers/servers';
import { killStrayProcesses, startCli } from '../fixtures/cli-process';
import { httpApp } from '../fixtures/http-app';

const APP = path.resolve(__dirname, '../fixtures/http-app.ts');

afterEach(async () => {
  await killStrayProcesses();
  await closeTestBuses();
});

/** The value of one sample line of the Prometheus text, 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('`symphony worker --metrics-port`: a worker process exports its own metrics and health', () => {
  it('serves /metrics, /healthz and /readyz, and its handled/failed counters and histograms move', async () => {
    const prefix = uniquePrefix();
    const port = await freePort();
    const worker = startCli(['worker', '--metrics-port', String(port)], {
      SYMPHONY_TRANSPORT_DSN: redisUrl(),
      SYMPHONY_REDIS_PREFIX: prefix,
      SYMPHONY_APP: APP,
      LOG_LEVEL: 'info',
    });
    await worker.waitForLog((l) => l.msg === 'worker started');
    const base = `http://127.0.0.1:${port}`;
    const get = (route: string) => fetch(`${base}${route}`);
    expect((await get('/healthz')).status).toBe(200);
    const ready = await eventually(
      () => get('/readyz'),
      (r) => r.status === 200,
    );
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    const metrics = async () => (await get('/metrics')).text();
    const before = await metrics();
    expect(before).toContain('# TYPE symphony_messages_handled_total counter');
    expect(before).toContain('process_resident_memory_bytes');

    const bus = testBus(httpApp(), { redisPrefix: prefix });
    await bus.dispatch('tick.count', { n: 1 });
    await bus.dispatch('tick.count', { n: 2 });
    await bus.dispatch('mail.send', { to: 'full@example.com', subject: 'Hi', fail: true });

    const handled = 'symphony_messages_handled_total{type="tick.count",queue="ticks",outcome="handled"}';
    const failed = 'symphony_messages_failed_total{type="mail.send",queue="mail"}';
    const text = await eventually(metrics, (t) => sample(t, handled) === 2 && sample(t, failed) === 1);
    expect(sample(text, 'symphony_message_handling_seconds_count{type="tick.count",queue="ticks"}')).toBe(2);
    expect(sample(text, 'symphony_message_wait_seconds_count{type="tick.count",queue="ticks"}')).toBe(2);
    expect(sample(text, 'symphony_message_handling_seconds_count{type="mail.send",queue="mail"}')).toBe(1);
    expect(
      sample(text, 'symphony_messages_handled_total{type="mail.send",queue="mail",outcome="failed"}'),
    ).toBe(1);
    // the worker holds the gauges lease (it is the only process): the cluster's depth comes from it
    const gauges = await eventually(
      metrics,
      (t) => sample(t, 'symphony_queue_depth{queue="mail",state="failed"}') === 1,
    );
    expect(sample(gauges, 'symphony_cluster_gauges_exporter')).toBe(1);
    expect(sample(gauges, 'symphony_queue_workers{queue="ticks"}')).toBeGreaterThanOrEqual(1);
    expect((await get('/nope')).status).toBe(404);

    worker.child.kill('SIGTERM');
    expect(await worker.waitForExit(30_000)).toEqual({ code: 0, signal: null });
  });

  it('serves nothing unless asked: the port stays closed by default', async () => {
    const prefix = uniquePrefix();
    const port = await freePort();
    const worker = startCli(['worker'], {
      SYMPHONY_TRANSPORT_DSN: redisUrl(),
      SYMPHONY_REDIS_PREFIX: prefix,
      SYMPHONY_APP: APP,
      LOG_LEVEL: 'info',
    });
    await worker.waitForLog((l) => l.msg === 'worker started');
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
    expect(worker.logs.some((l) => l.msg === 'metrics and health on their own port')).toBe(false);
  });
});
