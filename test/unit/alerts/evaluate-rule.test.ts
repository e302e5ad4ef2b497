import { alertRuleSchema, type AlertRuleInput } from '../../../src/alerts/alert-rules';
import { evaluateRule } from '../../../src/alerts/evaluate-rule';
import type { ClusterSnapshot, QueueSample } from '../../../src/monitoring/cluster-snapshot';
import { EMPTY_COUNTS } from '../../../src/transport/transport';

const rule = (input: AlertRuleInput) => alertRuleSchema.parse(input);
const snap = (
  queues: Record<string, QueueSample>,
  extra: Partial<ClusterSnapshot> = {},
): ClusterSnapshot => ({
  at: 1_000_000,
  queues,
  errors: [],
  ...extra,
});
const counts = (over: Partial<Record<string, number>> = {}) => ({ ...EMPTY_COUNTS, ...over });

describe('evaluateRule', () => {
  it('failure-rate: fires above the share, never under minMessages, unknown without throughput', () => {
    const r = rule({ id: 'f', kind: 'failure-rate', queue: 'q', above: 0.2, minMessages: 10 });
    const at = (completed: number, failed: number) =>
      evaluateRule(r, snap({ q: { finished: { completed, failed, minutes: 6 } } }), {});
    expect(at(7, 3)).toMatchObject({ observed: 'firing', value: 0.3 });
    expect(at(7, 3).detail).toBe('3 of 10 finished messages failed (30%) in the last 6 min');
    expect(at(8, 2).observed).toBe('ok'); // 20% is not above 20%
    expect(at(0, 5).observed).toBe('ok'); // 5 < minMessages
    expect(at(0, 0)).toMatchObject({ observed: 'ok', value: 0 });
    const none = evaluateRule(r, snap({}, { errors: ['throughput of q: timeout'] }), {});
    expect(none).toMatchObject({ observed: 'unknown', value: null });
    expect(none.detail).toContain('throughput of q: timeout');
  });

  it('failed-growth: compares with the oldest sample inside the window and remembers samples', () => {
    const r = rule({ id: 'g', kind: 'failed-growth', queue: 'q', above: 5, windowMs: 60_000 });
    const first = evaluateRule(r, snap({ q: { counts: counts({ failed: 10 }) } }, { at: 0 }), {});
    expect(first).toMatchObject({ observed: 'ok', value: 0 });
    const second = evaluateRule(
      r,
      snap({ q: { counts: counts({ failed: 16 }) } }, { at: 30_000 }),
      first.memory,
    );
    expect(second).toMatchObject({ observed: 'firing', value: 6 });
    // 61 s after the first sample it leaves the window: growth is measured from the 30 s one
    const third = evaluateRule(
      r,
      snap({ q: { counts: counts({ failed: 17 }) } }, { at: 61_000 }),
      second.memory,
    );
    expect(third).toMatchObject({ observed: 'ok', value: 1 });
    expect(third.memory.samples!.length).toBeLessThanOrEqual(60);
  });

  it('oldest-waiting: fires past the age, ok when nothing waits, unknown when unread', () => {
    const r = rule({ id: 'o', kind: 'oldest-waiting', queue: 'q', olderThanMs: 60_000 });
    expect(evaluateRule(r, snap({ q: { oldestWaitingMs: 61_000 } }), {})).toMatchObject({
      observed: 'firing',
    });
    expect(evaluateRule(r, snap({ q: { oldestWaitingMs: 59_000 } }), {}).observed).toBe('ok');
    expect(evaluateRule(r, snap({ q: { oldestWaitingMs: null } }), {})).toMatchObject({
      observed: 'ok',
      detail: 'nothing is waiting',
    });
    expect(evaluateRule(r, snap({}), {}).observed).toBe('unknown');
  });

  it('queue-depth: sums the chosen states', () => {
    const r = rule({ id: 'd', kind: 'queue-depth', queue: 'q', above: 10 });
    const c = counts({ waiting: 6, prioritized: 5, delayed: 100 });
    expect(evaluateRule(r, snap({ q: { counts: c } }), {})).toMatchObject({ observed: 'firing', value: 11 });
    const delayed = rule({ id: 'd', kind: 'queue-depth', queue: 'q', above: 200, states: ['delayed'] });
    expect(evaluateRule(delayed, snap({ q: { counts: c } }), {})).toMatchObject({
      observed: 'ok',
      value: 100,
    });
  });

  it('no-worker: starts its clock on the first look, fires after forMs without one, resets when one connects', () => {
    const r = rule({ id: 'w', kind: 'no-worker', queue: 'q', forMs: 60_000 });
    const none = (at: number, memory = {}) => evaluateRule(r, snap({ q: { workers: 0 } }, { at }), memory);
    const first = none(0);
    expect(first).toMatchObject({ observed: 'ok', memory: { lastSeenAt: 0 } });
    expect(none(61_000, first.memory).observed).toBe('firing');
    const seen = evaluateRule(r, snap({ q: { workers: 2 } }, { at: 70_000 }), first.memory);
    expect(seen).toMatchObject({ observed: 'ok', value: 2, memory: { lastSeenAt: 70_000 } });
    expect(none(100_000, seen.memory).observed).toBe('ok');
  });

  it('schedule-missed: a pending run late beyond the grace, for one schedule or any', () => {
    const runs = [
      { schedule: 'nightly', queue: 'q', lateMs: 120_000 },
      { schedule: 'hourly', queue: 'q', lateMs: -5000 },
    ];
    const any = rule({ id: 's', kind: 'schedule-missed', graceMs: 60_000 });
    const reading = evaluateRule(any, snap({}, { schedules: runs }), {});
    expect(reading).toMatchObject({ observed: 'firing', value: 120_000 });
    expect(reading.detail).toContain('nightly');
    const hourly = rule({ id: 's', kind: 'schedule-missed', schedule: 'hourly' });
    expect(evaluateRule(hourly, snap({}, { schedules: runs }), {}).observed).toBe('ok');
    expect(evaluateRule(any, snap({}), {}).observed).toBe('unknown');
  });
});
