import { INITIAL_STATE, nextState, toAlertState, type AlertState } from '../../../src/alerts/alert-state';
import type { Observed } from '../../../src/alerts/evaluate-rule';

const reading = (observed: Observed) => ({ observed, value: 1, detail: observed, memory: {} });

/** Runs a sequence of readings a second apart and returns what would have been sent. */
function run(observations: Observed[], cooldownMs: number): string[] {
  let state: AlertState = INITIAL_STATE;
  const sent: string[] = [];
  observations.forEach((o, i) => {
    const next = nextState(state, reading(o), i * 1000, cooldownMs);
    state = next.state;
    if (next.send) sent.push(`${i}:${next.send}`);
  });
  return sent;
}

describe('alert state transitions', () => {
  it('sends firing once when it starts and resolved once when it ends', () => {
    expect(run(['ok', 'firing', 'firing', 'firing', 'ok', 'ok'], 0)).toEqual(['1:firing', '4:resolved']);
  });

  it('holds a new firing inside the cooldown and sends it at its end if still true; a flap inside is never sent', () => {
    // fires at 1 s, resolves at 2 s; fires again at 3 s (held: cooldown 5 s from 1 s) until 6 s
    expect(run(['ok', 'firing', 'ok', 'firing', 'firing', 'firing', 'firing', 'ok'], 5000)).toEqual([
      '1:firing',
      '2:resolved',
      '6:firing',
      '7:resolved',
    ]);
    expect(run(['firing', 'ok', 'firing', 'ok', 'ok'], 10_000)).toEqual(['0:firing', '1:resolved']);
  });

  it('an unknown reading changes nothing: no reading is no news', () => {
    expect(run(['firing', 'unknown', 'unknown', 'firing', 'unknown', 'ok'], 0)).toEqual([
      '0:firing',
      '5:resolved',
    ]);
  });

  it('records the latest reading even while a firing is held (shown as pending)', () => {
    const fired = nextState(INITIAL_STATE, reading('firing'), 0, 10_000).state;
    const resolved = nextState(fired, reading('ok'), 1000, 10_000).state;
    const held = nextState(resolved, reading('firing'), 2000, 10_000);
    expect(held.send).toBeUndefined();
    expect(held.state).toMatchObject({ status: 'ok', observed: 'firing', evaluatedAt: 2000 });
  });

  it('reads a stored state from another version as a fresh one', () => {
    expect(toAlertState('garbage')).toBe(INITIAL_STATE);
    expect(toAlertState({ status: 'maybe' })).toBe(INITIAL_STATE);
    expect(toAlertState({ status: 'firing', since: 5 })).toMatchObject({
      status: 'firing',
      since: 5,
      memory: {},
    });
  });
});
