import { percentiles } from '../../src/status/queue-timing';

describe('percentiles (nearest rank)', () => {
  it('is null without values', () => {
    expect(percentiles([])).toBeNull();
  });

  it('picks the median and the 95th value of unsorted input', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(percentiles(values)).toEqual({ p50: 50, p95: 95 });
  });

  it('uses the one value for both', () => {
    expect(percentiles([7])).toEqual({ p50: 7, p95: 7 });
  });
});
