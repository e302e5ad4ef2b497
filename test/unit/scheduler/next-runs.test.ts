import { nextRuns, type RunTiming } from '../../../src/scheduler/next-runs';

const at = (iso: string): number => Date.parse(iso);
const runs = (
  timing: RunTiming,
  from: string,
  count = 3,
  extra: { runsDone?: number; anchor?: number } = {},
) => nextRuns(timing, { from: at(from), count, ...extra }).map((t) => new Date(t).toISOString());

describe('next runs of a cron schedule', () => {
  it('computes 5-field, 6-field and alias expressions in UTC by default', () => {
    expect(runs({ cron: '*/5 * * * *' }, '2025-01-01T00:02:00Z')).toEqual([
      '2025-01-01T00:05:00.000Z',
      '2025-01-01T00:10:00.000Z',
      '2025-01-01T00:15:00.000Z',
    ]);
    expect(runs({ cron: '*/20 * * * * *' }, '2025-01-01T00:00:00Z', 2)).toEqual([
      '2025-01-01T00:00:20.000Z',
      '2025-01-01T00:00:40.000Z',
    ]);
    expect(runs({ cron: '@daily' }, '2025-01-01T10:00:00Z', 2)).toEqual([
      '2025-01-02T00:00:00.000Z',
      '2025-01-03T00:00:00.000Z',
    ]);
  });

  it('runs at local time in several zones', () => {
    const from = '2025-06-01T12:00:00Z';
    expect(runs({ cron: '0 9 * * *', tz: 'Europe/Paris' }, from, 1)).toEqual(['2025-06-02T07:00:00.000Z']);
    expect(runs({ cron: '0 9 * * *', tz: 'America/New_York' }, from, 1)).toEqual([
      '2025-06-01T13:00:00.000Z',
    ]);
    expect(runs({ cron: '0 9 * * *', tz: 'Asia/Kolkata' }, from, 1)).toEqual(['2025-06-02T03:30:00.000Z']);
    expect(runs({ cron: '0 9 * * *', tz: 'Australia/Sydney' }, from, 1)).toEqual([
      '2025-06-01T23:00:00.000Z',
    ]);
    expect(runs({ cron: '@weekdays', tz: 'Asia/Tokyo' }, '2025-06-06T12:00:00Z', 2)).toEqual([
      '2025-06-08T15:00:00.000Z', // Monday 00:00 in Tokyo
      '2025-06-09T15:00:00.000Z',
    ]);
  });

  describe('Europe/Paris DST', () => {
    it('spring forward (30 March 2025, 02:00 -> 03:00): a skipped local time runs after the jump', () => {
      expect(runs({ cron: '30 2 * * *', tz: 'Europe/Paris' }, '2025-03-28T12:00:00Z', 3)).toEqual([
        '2025-03-29T01:30:00.000Z', // 02:30 CET
        '2025-03-30T01:30:00.000Z', // 02:30 does not exist: 03:30 CEST
        '2025-03-31T00:30:00.000Z', // 02:30 CEST
      ]);
      // hourly keeps real hours: local 01:00 CET, then 03:00 CEST
      expect(runs({ cron: '0 * * * *', tz: 'Europe/Paris' }, '2025-03-29T23:30:00Z', 3)).toEqual([
        '2025-03-30T00:00:00.000Z',
        '2025-03-30T01:00:00.000Z',
        '2025-03-30T02:00:00.000Z',
      ]);
    });

    it('fall back (26 October 2025, 03:00 -> 02:00): a daily time in the repeated hour runs once', () => {
      expect(runs({ cron: '30 2 * * *', tz: 'Europe/Paris' }, '2025-10-24T12:00:00Z', 3)).toEqual([
        '2025-10-25T00:30:00.000Z', // 02:30 CEST
        '2025-10-26T00:30:00.000Z', // first 02:30 (CEST) only
        '2025-10-27T01:30:00.000Z', // 02:30 CET
      ]);
      // an hourly pattern runs in both occurrences of the hour
      expect(runs({ cron: '30 * * * *', tz: 'Europe/Paris' }, '2025-10-26T00:00:00Z', 3)).toEqual([
        '2025-10-26T00:30:00.000Z',
        '2025-10-26T01:30:00.000Z',
        '2025-10-26T02:30:00.000Z',
      ]);
    });
  });

  describe('America/New_York DST', () => {
    it('spring forward (9 March 2025, 02:00 -> 03:00)', () => {
      expect(runs({ cron: '30 2 * * *', tz: 'America/New_York' }, '2025-03-08T12:00:00Z', 2)).toEqual([
        '2025-03-09T07:30:00.000Z', // 03:30 EDT
        '2025-03-10T06:30:00.000Z', // 02:30 EDT
      ]);
      expect(runs({ cron: '0 9 * * *', tz: 'America/New_York' }, '2025-03-08T12:00:00Z', 3)).toEqual([
        '2025-03-08T14:00:00.000Z', // 09:00 EST
        '2025-03-09T13:00:00.000Z', // 09:00 EDT
        '2025-03-10T13:00:00.000Z',
      ]);
    });

    it('fall back (2 November 2025, 02:00 -> 01:00): 01:30 runs once', () => {
      expect(runs({ cron: '30 1 * * *', tz: 'America/New_York' }, '2025-11-01T12:00:00Z', 3)).toEqual([
        '2025-11-02T05:30:00.000Z', // 01:30 EDT, not again at 01:30 EST
        '2025-11-03T06:30:00.000Z',
        '2025-11-04T06:30:00.000Z',
      ]);
    });
  });

  it('starts after startDate, stops at endDate (inclusive) and after limit', () => {
    const hourly = { cron: '0 * * * *' };
    expect(runs({ ...hourly, startDate: at('2025-01-01T05:30:00Z') }, '2025-01-01T00:00:00Z', 2)).toEqual([
      '2025-01-01T06:00:00.000Z',
      '2025-01-01T07:00:00.000Z',
    ]);
    expect(runs({ ...hourly, endDate: at('2025-01-01T02:00:00Z') }, '2025-01-01T00:10:00Z', 5)).toEqual([
      '2025-01-01T01:00:00.000Z',
      '2025-01-01T02:00:00.000Z',
    ]);
    expect(runs({ ...hourly, limit: 3 }, '2025-01-01T00:10:00Z', 5, { runsDone: 1 })).toHaveLength(2);
    expect(runs({ ...hourly, limit: 3 }, '2025-01-01T00:10:00Z', 5, { runsDone: 3 })).toEqual([]);
  });

  it('lists a planned run first and continues after it', () => {
    expect(
      runs({ cron: '0 * * * *' }, '2025-01-01T03:10:00Z', 2, { anchor: at('2025-01-01T03:00:00Z') }),
    ).toEqual(['2025-01-01T03:00:00.000Z', '2025-01-01T04:00:00.000Z']);
  });
});

describe('next runs of an every schedule', () => {
  it('runs first at creation, then on that phase (BullMQ 6.7 does not align to epoch multiples)', () => {
    expect(nextRuns({ every: 1000 }, { from: 10_250, count: 3 })).toEqual([10_250, 11_250, 12_250]);
  });

  it('keeps the phase of a planned run', () => {
    expect(nextRuns({ every: 60_000 }, { from: 100_000, count: 3, anchor: 130_000 })).toEqual([
      130_000, 190_000, 250_000,
    ]);
  });

  it('starts at startDate when it is ahead', () => {
    expect(nextRuns({ every: 500, startDate: 5000 }, { from: 1000, count: 2 })).toEqual([5000, 5500]);
    expect(nextRuns({ every: 500, startDate: 100 }, { from: 1000, count: 2 })).toEqual([1000, 1500]);
  });

  it('stops after limit, and plans at most one run past endDate (BullMQ checks endDate when a run starts)', () => {
    expect(nextRuns({ every: 1000, limit: 4 }, { from: 0, count: 10, runsDone: 2 })).toEqual([0, 1000]);
    expect(nextRuns({ every: 1000, endDate: 2500 }, { from: 0, count: 10 })).toEqual([0, 1000, 2000, 3000]);
    expect(nextRuns({ every: 1000, endDate: 500 }, { from: 1000, count: 3 })).toEqual([]);
  });
});

describe('next runs of a one-off', () => {
  it('is the time itself while ahead', () => {
    expect(nextRuns({ at: 5000 }, { from: 1000, count: 3 })).toEqual([5000]);
    expect(nextRuns({ at: 5000 }, { from: 6000, count: 3 })).toEqual([]);
  });
});
