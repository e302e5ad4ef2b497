import type { MessageState, StoredMessage } from '../transport/message-browser';

export interface TimelineEvent {
  /** ISO time; a `due` event may lie in the future. */
  at: string;
  event: 'dispatched' | 'started' | 'attempt-failed' | 'due' | 'completed' | 'failed';
  attempt?: number;
  /** The error message of a failed attempt. */
  note?: string;
}

export interface ActionHint {
  action: 'retry' | 'remove' | 'promote';
  /** The same action from a terminal. */
  command: string;
}

/** What each state allows; an active message is being handled and is left alone. */
const ACTIONS: Record<MessageState, ActionHint['action'][]> = {
  active: [],
  waiting: ['remove'],
  prioritized: ['remove'],
  delayed: ['promote', 'remove'],
  failed: ['retry', 'remove'],
  completed: ['remove'],
};

export function actionsFor(message: StoredMessage): ActionHint[] {
  return ACTIONS[message.state].map((action) => ({
    action,
    command: `symphony messages:${action} ${shellWord(message.id)} --queue ${shellWord(message.queue)}`,
  }));
}

/** Dispatch, each attempt's start and failure, when it is due, and how it ended; in time order. */
export function timelineOf(message: StoredMessage): TimelineEvent[] {
  const events: TimelineEvent[] = [{ at: message.dispatchedAt, event: 'dispatched' }];
  for (const a of message.attempts) {
    if (a.startedAt) events.push({ at: a.startedAt, event: 'started', attempt: a.attempt });
    if (a.outcome === 'failed' && a.endedAt) {
      events.push({ at: a.endedAt, event: 'attempt-failed', attempt: a.attempt, note: a.error?.message });
    }
  }
  if (message.dueAt) events.push({ at: message.dueAt, event: 'due' });
  if (message.finishedAt && (message.state === 'completed' || message.state === 'failed')) {
    events.push({ at: message.finishedAt, event: message.state });
  }
  // Stable: events recorded at the same millisecond keep their causal order.
  return events
    .map((e, i) => ({ e, i }))
    .sort((x, y) => cmp(x.e.at, y.e.at) || x.i - y.i)
    .map((x) => x.e);
}

const cmp = (a: string, b: string): number => Date.parse(a) - Date.parse(b);

/** Quoted for a POSIX shell only when it needs to be. */
export function shellWord(word: string): string {
  return /^[\w.:@%+=,/-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
