import { typeMatcher } from '../message/type-pattern';
import type { MessageFilter, MessageState, StoredMessage } from './message-browser';

/** What a browser knows of a stored entry when it filters; `content` is read only when needed. */
export interface MatchInput {
  type: string;
  state: MessageState;
  /** Epoch ms the store recorded it (its dispatch time). */
  storedAt: number;
  content: () => MessageContent | undefined;
}

export interface MessageContent {
  idempotencyKey?: string;
  correlationId: string;
  body: unknown;
}

/** True when the filter reads the message's envelope (keys or body), not only what sits beside it. */
export const readsContent = (filter: MessageFilter): boolean =>
  Boolean(filter.idempotencyKey || filter.correlationId || filter.text);

/** The filter as a predicate (states are chosen by the walk, but checked here too). */
export function messageMatcher(filter: MessageFilter): (entry: MatchInput) => boolean {
  const typeMatches = typeMatcher(filter.type);
  const states = filter.states && new Set(filter.states);
  const needle = filter.text?.toLowerCase();
  return (entry) => {
    if (!typeMatches(entry.type)) return false;
    if (states && !states.has(entry.state)) return false;
    if (filter.since !== undefined && entry.storedAt < filter.since) return false;
    if (filter.until !== undefined && entry.storedAt > filter.until) return false;
    if (!readsContent(filter)) return true;
    const content = entry.content();
    if (!content) return false;
    if (filter.idempotencyKey !== undefined && content.idempotencyKey !== filter.idempotencyKey) return false;
    if (filter.correlationId !== undefined && content.correlationId !== filter.correlationId) return false;
    return !needle || (JSON.stringify(content.body) ?? '').toLowerCase().includes(needle);
  };
}

/** A message read by id, against the same filter. */
export function storedMatches(filter: MessageFilter, message: StoredMessage): boolean {
  return messageMatcher(filter)({
    type: message.type,
    state: message.state,
    storedAt: Date.parse(message.dispatchedAt),
    content: () => message.envelope,
  });
}
