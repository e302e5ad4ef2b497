import type { ClusterSnapshot } from '../monitoring/cluster-snapshot';
import type { AlertRule } from './alert-rules';

/** What a rule remembers between evaluations (kept with its state, so a new evaluator inherits it). */
export interface RuleMemory {
  /** failed-growth: [epoch ms, failed count] over the window, oldest first. */
  samples?: [number, number][];
  /** no-worker: when a worker was last seen (or when watching began). */
  lastSeenAt?: number;
}

export type Observed = 'ok' | 'firing' | 'unknown';

export interface RuleReading {
  observed: Observed;
  /** The number the rule compares (a rate, a count, ms); null when unknown. */
  value: number | null;
  /** One line for people, with the figures. */
  detail: string;
  memory: RuleMemory;
}

/** Samples of the failed count kept per window: enough resolution, a bounded state. */
const MAX_SAMPLES = 60;

/** One rule against one snapshot; pure, so every kind is tested without a store. */
export function evaluateRule(rule: AlertRule, snapshot: ClusterSnapshot, memory: RuleMemory): RuleReading {
  const now = snapshot.at;
  const unknown = (detail: string): RuleReading => ({ observed: 'unknown', value: null, detail, memory });
  const result = (firing: boolean, value: number, detail: string, kept = memory): RuleReading => ({
    observed: firing ? 'firing' : 'ok',
    value,
    detail,
    memory: kept,
  });
  const unread = `no reading (${snapshot.errors.join('; ') || 'not recorded by this transport'})`;
  switch (rule.kind) {
    case 'failure-rate': {
      const finished = snapshot.queues[rule.queue]?.finished;
      if (!finished)
        return unknown(`${unread}; PostgreSQL records throughput only with metrics=on in its DSN`);
      const total = finished.completed + finished.failed;
      const rate = total === 0 ? 0 : finished.failed / total;
      const detail = `${finished.failed} of ${total} finished messages failed (${percent(rate)}) in the last ${finished.minutes} min`;
      return result(total >= rule.minMessages && rate > rule.above, rate, detail);
    }
    case 'failed-growth': {
      const failed = snapshot.queues[rule.queue]?.counts?.failed;
      if (failed === undefined) return unknown(unread);
      const samples = keepSamples(memory.samples ?? [], [now, failed], now - rule.windowMs, rule.windowMs);
      const growth = failed - samples[0]![1];
      const over = Math.round((now - samples[0]![0]) / 1000);
      return result(
        growth > rule.above,
        growth,
        `failed store grew by ${growth} in ${over} s (${failed} now)`,
        {
          ...memory,
          samples,
        },
      );
    }
    case 'oldest-waiting': {
      const age = snapshot.queues[rule.queue]?.oldestWaitingMs;
      if (age === undefined) return unknown(unread);
      if (age === null) return result(false, 0, 'nothing is waiting');
      return result(age > rule.olderThanMs, age, `the oldest waiting message has waited ${seconds(age)}`);
    }
    case 'queue-depth': {
      const counts = snapshot.queues[rule.queue]?.counts;
      if (!counts) return unknown(unread);
      const depth = rule.states.reduce((n, state) => n + counts[state], 0);
      return result(depth > rule.above, depth, `${depth} messages ${rule.states.join('/')}`);
    }
    case 'no-worker': {
      const workers = snapshot.queues[rule.queue]?.workers;
      if (workers === undefined) return unknown(unread);
      if (workers > 0)
        return result(false, workers, `${workers} worker(s) connected`, { ...memory, lastSeenAt: now });
      const lastSeenAt = memory.lastSeenAt ?? now; // a new rule starts its clock now
      const gone = now - lastSeenAt;
      return result(gone > rule.forMs, 0, `no worker for ${seconds(gone)}`, { ...memory, lastSeenAt });
    }
    case 'schedule-missed': {
      if (!snapshot.schedules) return unknown(unread);
      const late = snapshot.schedules.filter(
        (run) => (rule.schedule === undefined || run.schedule === rule.schedule) && run.lateMs > rule.graceMs,
      );
      const worst = Math.max(0, ...late.map((run) => run.lateMs));
      const detail = late.length
        ? `not started: ${late.map((run) => `${run.schedule} (due ${seconds(run.lateMs)} ago)`).join(', ')}`
        : 'every due run started';
      return result(late.length > 0, worst, detail);
    }
  }
}

/** The window's samples plus the new one, thinned to at most MAX_SAMPLES; the oldest is the baseline. */
function keepSamples(
  samples: readonly [number, number][],
  sample: [number, number],
  since: number,
  windowMs: number,
): [number, number][] {
  const kept = samples.filter(([at]) => at >= since);
  const last = kept[kept.length - 1];
  if (!last || sample[0] - last[0] >= windowMs / MAX_SAMPLES) kept.push(sample);
  return kept.slice(-MAX_SAMPLES);
}

const percent = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;
const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
