import type { BenchCase } from '../../../bench/bench-case';
import type { Measurement } from '../../../bench/measure';
import { allCases, controlCases } from '../../../bench/cases';
import { renderCpu, renderNoise, renderThroughput, renderVerdicts } from '../../../bench/report';
import { summarize } from '../../../bench/summary';

const side = async (): Promise<Measurement> => ({ rate: 0, nodeCpuUs: 0, redisCpuUs: 0 });
const benchCase = (id: string, title: string, target?: number): BenchCase => ({
  id,
  title,
  messages: 1,
  warmup: 1,
  pairs: 3,
  target,
  raw: side,
  symphony: side,
});
const runs = (rate: number, redisCpuUs: number): Measurement[] =>
  [0, 1, 2].map(() => ({ rate, nodeCpuUs: 40, redisCpuUs }));

const redisRow = summarize(benchCase('drain-c1', 'drain, concurrency 1', 0.9), runs(100, 35), runs(95, 36));
const missedRow = summarize(
  benchCase('dispatch-batch', 'dispatch in batches', 0.95),
  runs(100, 12),
  runs(80, 13),
);
// The SQL stores have no CPU probe: their Redis CPU reads 0 on every run.
const sqlRow = summarize(
  benchCase('postgres-drain-c1', 'PostgreSQL: drain', undefined),
  runs(50, 0),
  runs(40, 0),
);

describe('bench report', () => {
  it('shows "-" for the Redis CPU of a case on PostgreSQL or PGlite, figures for Redis cases', () => {
    const [, , redis, sql] = renderCpu([redisRow, sqlRow]).split('\n');
    expect(redis!.split('|').map((c) => c.trim())).toEqual([
      '',
      'drain, concurrency 1',
      '40.0',
      '40.0',
      '35.0',
      '36.0',
      '',
    ]);
    expect(sql!.split('|').map((c) => c.trim())).toEqual([
      '',
      'PostgreSQL: drain',
      '40.0',
      '40.0',
      '-',
      '-',
      '',
    ]);
  });

  it('puts the verdict beside the target, with no unnamed trailing column', () => {
    const [header, , met, missed, sql] = renderThroughput([redisRow, missedRow, sqlRow]).split('\n');
    expect(header!.split('|').map((c) => c.trim())).toEqual([
      '',
      'case',
      'raw msgs/s',
      'symphony msgs/s',
      'symphony/raw',
      'target',
      '',
    ]);
    expect(met).toMatch(/ 0\.95 \| >= 0\.90 ok +\|$/);
    expect(missed).toMatch(/ 0\.80 \| >= 0\.95 missed \|$/);
    expect(sql).toMatch(/ 0\.80 \| +\|$/);
  });

  it('ends with a verdict line per target and the overall verdict; rows without a target are not judged', () => {
    expect(renderVerdicts([redisRow, missedRow, sqlRow]).split('\n')).toEqual([
      'Targets (Redis):',
      '  met     drain, concurrency 1  symphony/raw 0.95, target >= 0.90 (middle half of 3 pairs: 0.95 to 0.95)',
      '  MISSED  dispatch in batches   symphony/raw 0.80, target >= 0.95 (middle half of 3 pairs: 0.80 to 0.80)',
      '1 of 2 targets MISSED',
    ]);
    expect(renderVerdicts([redisRow]).split('\n').at(-1)).toBe('all 1 targets met');
    expect(renderVerdicts([sqlRow])).toBe('');
  });

  it('gives the median of the pair ratios and the quartiles around it', () => {
    const rates = [100, 100, 100, 100, 100];
    const raw = rates.map((rate) => ({ rate, nodeCpuUs: 1, redisCpuUs: 1 }));
    const symphony = [90, 97, 94, 99, 80].map((rate) => ({ rate, nodeCpuUs: 1, redisCpuUs: 1 }));
    const row = summarize(benchCase('dispatch-single', 'dispatch', 0.93), raw, symphony);
    expect(row.ratio).toBeCloseTo(0.94);
    expect(row.ratioQuartiles.map((q) => Number(q.toFixed(3)))).toEqual([0.85, 0.98]);
  });

  it("prints the control rows (raw against raw) as the run's noise, and never judges them", () => {
    const control = summarize(
      {
        ...benchCase('control-dispatch-single', 'control: raw against raw, dispatch, one at a time'),
        control: true,
      },
      [100, 100, 100, 100].map((rate) => ({ rate, nodeCpuUs: 1, redisCpuUs: 1 })),
      [90, 104, 96, 110].map((rate) => ({ rate, nodeCpuUs: 1, redisCpuUs: 1 })),
    );
    expect(renderNoise([redisRow, control]).split('\n')).toEqual([
      'Noise (raw BullMQ against itself, by the same method; a ratio this far from 1.00 is the machine, not a side):',
      '  dispatch, one at a time  raw/raw 1.00 (middle half of 4 pairs: 0.93 to 1.07)',
    ]);
    expect(renderNoise([redisRow])).toBe('');
    expect(renderVerdicts([redisRow, control]).split('\n').at(-1)).toBe('all 1 targets met');
  });
});

describe('bench control cases', () => {
  it('run raw BullMQ on both sides, on Redis, after the Redis rows, selectable as the group "control"', () => {
    expect(controlCases.map((c) => c.id)).toEqual([
      'control-dispatch-single',
      'control-dispatch-batch',
      'control-drain-c1',
    ]);
    for (const c of controlCases) {
      expect(c).toMatchObject({ control: true, store: 'redis', pairs: 11 });
      expect(c.target).toBeUndefined();
      expect(c.raw).not.toBe(c.symphony); // two sides, each with its own fresh queues per run
    }
    const ids = allCases.map((c) => c.id);
    expect(ids.indexOf('control-dispatch-single')).toBe(ids.indexOf('drain-batch50') + 1);
    expect(ids.indexOf('postgres-dispatch-single')).toBe(ids.indexOf('control-drain-c1') + 1);
  });
});
