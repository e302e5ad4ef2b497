import fs from 'node:fs';

export interface LedgerEntry {
  kind: 'S' | 'H';
  at: number;
  pid: number;
  id: string;
}

/** Every line the chaos handlers wrote, in file order (S = started, H = handled). */
export function readLedger(file: string): LedgerEntry[] {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [kind, at, pid, id] = line.split(' ');
      return { kind: kind as 'S' | 'H', at: Number(at), pid: Number(pid), id: id! };
    });
}

export interface Tally {
  acknowledged: number;
  /** Handlings seen (a message handled twice counts twice). */
  handled: number;
  /** Acknowledged messages never handled. */
  lost: number;
  /** Handlings beyond the first of a message. */
  duplicated: number;
  /** Handled messages whose dispatch was never acknowledged (rejected or timed out, stored anyway). */
  unacknowledgedHandled: number;
}

export function tally(entries: LedgerEntry[], acknowledged: readonly string[]): Tally {
  const handled = entries.filter((e) => e.kind === 'H');
  const seen = new Set(handled.map((e) => e.id));
  const acked = new Set(acknowledged);
  return {
    acknowledged: acknowledged.length,
    handled: handled.length,
    lost: acknowledged.filter((id) => !seen.has(id)).length,
    duplicated: handled.length - seen.size,
    unacknowledgedHandled: [...seen].filter((id) => !acked.has(id)).length,
  };
}

/** Messages started but not handled at `at`: what a fault at that moment caught in flight. */
export function inFlightAt(entries: LedgerEntry[], at: number): Set<string> {
  const open = new Set<string>();
  for (const e of entries) {
    if (e.at > at) continue;
    if (e.kind === 'S') open.add(e.id);
    else open.delete(e.id);
  }
  return open;
}

/**
 * Time from the fault's end until the system was whole again: handling has resumed through the
 * store, and every message that was in flight when the fault began at `startedAt` has been handled
 * (a killed worker's come back once their lock expires). Handlers in flight finish on their own
 * during an outage, and workers may hold up to `inFlight` messages fetched just before it, so
 * "resumed" is the handling of the (inFlight + 1)th message started after `endedAt`. Undefined
 * when that many were not.
 */
export function recoveryMs(
  entries: LedgerEntry[],
  startedAt: number,
  endedAt: number,
  inFlight: number,
): number | undefined {
  const fetchedAfter = new Set(entries.filter((e) => e.kind === 'S' && e.at > endedAt).map((e) => e.id));
  const resumed = entries.filter((e) => e.kind === 'H' && e.at > endedAt && fetchedAfter.has(e.id))[inFlight];
  if (!resumed) return undefined;
  let whole = resumed.at;
  for (const id of inFlightAt(entries, startedAt)) {
    const done = entries.find((e) => e.kind === 'H' && e.id === id && e.at >= startedAt);
    if (done) whole = Math.max(whole, done.at);
  }
  return Math.max(0, whole - endedAt);
}
