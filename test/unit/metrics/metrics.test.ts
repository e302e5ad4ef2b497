import { createSymphony, type Symphony } from '../../../src/bus/symphony';
import { defaultConfig } from '../../../src/config/config';
import { createLogger } from '../../../src/logger';
import { instrument } from '../../../src/metrics/instrument';
import { clearClusterGauges, updateClusterGauges } from '../../../src/metrics/cluster-gauges';
import { createMetrics, type SymphonyMetrics } from '../../../src/metrics/registry';
import { defineHandler, ping, testApp } from '../../fixtures/test-app';

const value = async (metrics: SymphonyMetrics, name: string, labels: Record<string, string>) => {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const found = (metric?.values ?? []).find((v) =>
    Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l),
  );
  return found?.value ?? 0;
};

describe('metrics', () => {
  let bus: Symphony | undefined;
  afterEach(async () => {
    await bus?.close();
    bus = undefined;
  });

  function instrumentedBus(handler: (n: number) => void): { bus: Symphony; metrics: SymphonyMetrics } {
    const metrics = createMetrics({ processMetrics: false });
    const app = testApp([defineHandler(ping, ({ n }) => handler(n))], {
      queues: { work: { retry: { maxRetries: 1, delay: 1 } } },
      // Swallows n = 99 without sending it, as a schedule's template capture does.
      middleware: {
        dispatch: [
          (envelope, next) =>
            (envelope.body as { n: number }).n === 99
              ? Promise.resolve({ id: envelope.id, queue: envelope.queue, deduplicated: false })
              : next(envelope),
        ],
      },
    });
    const options = instrument(metrics, { logger: createLogger('silent') });
    bus = createSymphony(app, defaultConfig({ defaultDsn: 'memory://' }), options);
    return { bus, metrics };
  }

  it('counts dispatched and deduplicated messages by type and queue', async () => {
    const { bus, metrics } = instrumentedBus(() => undefined);
    await bus.dispatch(ping, { n: 1 });
    await bus.dispatch(ping, { n: 2 }, { idempotencyKey: 'k' });
    await bus.dispatch(ping, { n: 3 }, { idempotencyKey: 'k' });
    await bus.dispatchBatch([{ type: ping, body: { n: 4 } }]);
    await bus.dispatch(ping, { n: 99 }); // never reaches the transport: not counted
    const labels = { type: 'test.ping', queue: 'work' };
    expect(await value(metrics, 'symphony_messages_dispatched_total', labels)).toBe(3);
    expect(await value(metrics, 'symphony_messages_deduplicated_total', labels)).toBe(1);
  });

  it('counts deliveries by outcome and observes wait and handling time', async () => {
    const { bus, metrics } = instrumentedBus((n) => {
      if (n === 2) throw new Error('boom');
    });
    await bus.dispatch(ping, { n: 1 });
    await bus.dispatch(ping, { n: 2 });
    await bus.flush();
    await bus.flush(); // the retry (after its short back-off) of n=2
    const labels = { type: 'test.ping', queue: 'work' };
    expect(await value(metrics, 'symphony_messages_handled_total', { ...labels, outcome: 'handled' })).toBe(
      1,
    );
    expect(await value(metrics, 'symphony_messages_retried_total', labels)).toBeGreaterThanOrEqual(1);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/symphony_message_wait_seconds_count\{type="test.ping",queue="work"\} \d+/);
    expect(text).toMatch(/symphony_message_handling_seconds_count\{type="test.ping",queue="work"\} \d+/);
  });

  it('sets the cluster gauges from a snapshot, keeps the last values of a failed reading, clears them when another process exports', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const counts = { waiting: 3, active: 1, delayed: 0, prioritized: 2, completed: 5, failed: 1 };
    updateClusterGauges(metrics, {
      at: 0,
      queues: { work: { counts, oldestWaitingMs: 1500, workers: 2 }, idle: { oldestWaitingMs: null } },
      schedules: [{ schedule: 'nightly', queue: 'work', lateMs: 90_000 }],
      errors: [],
    });
    expect(await value(metrics, 'symphony_queue_depth', { queue: 'work', state: 'waiting' })).toBe(3);
    expect(await value(metrics, 'symphony_queue_oldest_waiting_seconds', { queue: 'work' })).toBe(1.5);
    expect(await value(metrics, 'symphony_queue_oldest_waiting_seconds', { queue: 'idle' })).toBe(0);
    expect(await value(metrics, 'symphony_queue_workers', { queue: 'work' })).toBe(2);
    expect(await value(metrics, 'symphony_schedule_late_seconds', { schedule: 'nightly' })).toBe(90);
    expect(await value(metrics, 'symphony_cluster_gauges_exporter', {})).toBe(1);
    // a reading that failed (no counts this time) leaves the last value in place
    updateClusterGauges(metrics, {
      at: 1,
      queues: { work: { workers: 1 } },
      errors: ['counts of work: down'],
    });
    expect(await value(metrics, 'symphony_queue_depth', { queue: 'work', state: 'failed' })).toBe(1);
    clearClusterGauges(metrics);
    const text = await metrics.registry.metrics();
    expect(text).not.toContain('symphony_queue_depth{');
    expect(text).toContain('symphony_cluster_gauges_exporter 0');
  });

  it('includes Node process metrics unless turned off', async () => {
    expect(await createMetrics().registry.metrics()).toContain('process_cpu_user_seconds_total');
    expect(await createMetrics({ processMetrics: false }).registry.metrics()).not.toContain('process_cpu');
  });
});
