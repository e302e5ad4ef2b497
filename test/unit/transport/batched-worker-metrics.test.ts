import { BatchedWorkerMetrics, type MetricKind } from '../../../src/transport/bullmq/batched-worker-metrics';

const MINUTE = 60_000;
const T = Date.UTC(2026, 10, 29, 12, 0, 0);

function recorder(fail: () => boolean = () => false) {
  const writes: { kind: MetricKind; count: number; at: number }[] = [];
  const write = async (kind: MetricKind, count: number, at: number) => {
    if (fail()) throw new Error('store away');
    writes.push({ kind, count, at });
  };
  return { writes, metrics: new BatchedWorkerMetrics(write, 3_600_000) };
}

describe('BatchedWorkerMetrics', () => {
  it('writes what was counted per kind, with the time of the last one', async () => {
    const { writes, metrics } = recorder();
    metrics.note('completed', T + 1);
    metrics.note('completed', T + 2);
    metrics.note('failed', T + 3);
    await metrics.flush();
    expect(writes).toEqual([
      { kind: 'completed', count: 2, at: T + 2 },
      { kind: 'failed', count: 1, at: T + 3 },
    ]);
    await metrics.flush();
    expect(writes).toHaveLength(2); // nothing new, nothing written
    await metrics.close();
  });

  it("closes a minute's count before counting the next minute", async () => {
    const { writes, metrics } = recorder();
    metrics.note('completed', T + 59_000);
    metrics.note('completed', T + MINUTE + 5);
    metrics.note('completed', T + MINUTE + 6);
    await metrics.close();
    expect(writes).toEqual([
      { kind: 'completed', count: 1, at: T + 59_000 },
      { kind: 'completed', count: 2, at: T + MINUTE + 6 },
    ]);
  });

  it('keeps a count whose write failed and writes it with the next', async () => {
    let away = true;
    const { writes, metrics } = recorder(() => away);
    metrics.note('completed', T + 1);
    await metrics.flush();
    expect(writes).toEqual([]);
    away = false;
    metrics.note('completed', T + 2);
    await metrics.close();
    expect(writes).toEqual([{ kind: 'completed', count: 2, at: T + 2 }]);
  });
});
