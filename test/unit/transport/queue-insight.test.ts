import { perMinute } from '../../../src/transport/bullmq/bullmq-queue-insight';

const minute = 60_000;
const now = 1_000 * minute + 30_000;

describe('per-minute throughput from BullMQ metrics', () => {
  it('is all zeros when nothing was ever recorded', () => {
    expect(perMinute({ meta: { count: 0, prevTS: 0, prevCount: 0 }, data: [] }, 5, now)).toEqual([
      0, 0, 0, 0, 0,
    ]);
  });

  it('puts jobs finished since the last push in the current minute, oldest first', () => {
    const metrics = { meta: { count: 10, prevTS: 1_000 * minute + 5_000, prevCount: 7 }, data: [4, 2, 1] };
    expect(perMinute(metrics, 5, now)).toEqual([0, 1, 2, 4, 3]);
  });

  it('fills the minutes since the last push with zeros', () => {
    const metrics = { meta: { count: 10, prevTS: 997 * minute, prevCount: 10 }, data: [4, 2] };
    expect(perMinute(metrics, 6, now)).toEqual([2, 4, 0, 0, 0, 0]);
  });

  it('keeps only the last `minutes` minutes', () => {
    const metrics = { meta: { count: 1, prevTS: now, prevCount: 0 }, data: [5, 6, 7, 8] };
    expect(perMinute(metrics, 3, now)).toEqual([6, 5, 1]);
  });
});
