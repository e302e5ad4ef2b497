import type { Observed, RuleMemory, RuleReading } from './evaluate-rule';

/** A rule's state as stored for every process to read (alerts:list) and the next evaluator to inherit. */
export interface AlertState {
  /** What was last notified: a rule is `firing` from its firing notification to its resolved one. */
  status: 'ok' | 'firing';
  /** Epoch ms of the last change of `status`; null while it never fired. */
  since: number | null;
  /** Epoch ms of the last firing notification (the cooldown counts from it). */
  lastFiredAt: number | null;
  /** The latest evaluation: it differs from `status` while a firing waits out its cooldown. */
  observed: Observed;
  value: number | null;
  detail: string;
  evaluatedAt: number;
  memory: RuleMemory;
}

export type Transition = 'firing' | 'resolved';

export const INITIAL_STATE: AlertState = {
  status: 'ok',
  since: null,
  lastFiredAt: null,
  observed: 'unknown',
  value: null,
  detail: 'not evaluated yet',
  evaluatedAt: 0,
  memory: {},
};

/**
 * The next state of a rule and what to notify. A firing is sent at most once per cooldown (a rule
 * that flaps is held, and sent at the end of the cooldown if it still holds); a resolved is sent
 * at once, and only for a firing that was sent. `unknown` changes nothing: no reading is no news.
 */
export function nextState(
  previous: AlertState,
  reading: RuleReading,
  now: number,
  cooldownMs: number,
): { state: AlertState; send?: Transition } {
  const state: AlertState = {
    ...previous,
    observed: reading.observed,
    value: reading.value,
    detail: reading.detail,
    evaluatedAt: now,
    memory: reading.memory,
  };
  if (reading.observed === 'firing' && previous.status === 'ok') {
    const cooled = previous.lastFiredAt === null || now - previous.lastFiredAt >= cooldownMs;
    if (!cooled) return { state };
    return { state: { ...state, status: 'firing', since: now, lastFiredAt: now }, send: 'firing' };
  }
  if (reading.observed === 'ok' && previous.status === 'firing') {
    return { state: { ...state, status: 'ok', since: now }, send: 'resolved' };
  }
  return { state };
}

/** A stored state from another version or written by hand reads as a fresh one. */
export function toAlertState(stored: unknown): AlertState {
  if (typeof stored !== 'object' || stored === null) return INITIAL_STATE;
  const s = stored as Partial<AlertState>;
  if (s.status !== 'ok' && s.status !== 'firing') return INITIAL_STATE;
  return { ...INITIAL_STATE, ...s, memory: typeof s.memory === 'object' && s.memory ? s.memory : {} };
}
