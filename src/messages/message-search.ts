import type { Symphony } from '../bus/symphony';
import { FailedMessages } from '../failed/failed-messages';
import type { MessageState, MessageSummary, StoredMessage } from '../transport/message-browser';
import { actionsFor, timelineOf, type ActionHint, type TimelineEvent } from './message-detail';
import { MessageNotFoundError, MessageStateError } from './message-errors';
import { browseSources, locate, type BrowseSource } from './message-sources';
import { searchPages } from './search-walk';

/**
 * Find, inspect and act on messages across every queue and state: the service behind the admin
 * UI's Messages pages, `GET /api/symphony/messages[/:id]` and `symphony messages:*`.
 *
 *   search(query)        one page; pass `page.cursor` back as `query.cursor` to continue
 *   show(id, queue?)     envelope, every attempt, a timeline, and the actions its state allows
 *   retry(id, queue?)    failed -> waiting, attempts reset
 *   remove(id, queue?)   any state but active, atomically
 *   promote(id, queue?)  delayed -> available now
 *
 * Without `queue`, an id is looked up in every queue (first match in declaration order). Errors:
 * MESSAGE_NOT_FOUND (404), MESSAGE_STATE_CONFLICT (409: e.g. promoting a message that is not
 * delayed), VALIDATION_FAILED on `cursor` (a cursor from another search).
 */
export interface MessageSearchApi {
  search(query: MessageQuery): Promise<MessagePage>;
  show(id: string, queue?: string): Promise<MessageDetail>;
  retry(id: string, queue?: string): Promise<ActionOutcome>;
  remove(id: string, queue?: string): Promise<ActionOutcome>;
  promote(id: string, queue?: string): Promise<ActionOutcome>;
}

/** Every given field must match. */
export interface MessageQuery {
  /** Exact message id: a direct read per queue, never a scan. */
  id?: string;
  /** An exact type or `prefix.*`. */
  type?: string;
  /** Default: every queue whose transport keeps messages (not sync://). */
  queues?: readonly string[];
  /** Default: every state. */
  states?: readonly MessageState[];
  /** Dispatched at or after. */
  since?: Date;
  /** Dispatched at or before. */
  until?: Date;
  idempotencyKey?: string;
  correlationId?: string;
  /** Case-insensitive text in the body (its JSON). */
  text?: string;
  /** Page size: default 50, at most 500. */
  limit?: number;
  /** From the previous page of the same search. */
  cursor?: string;
}

export interface MessagePage {
  items: MessageSummary[];
  /** Present while the walk is not complete: pass it back to continue where this page stopped. */
  cursor?: string;
  /** Stored entries examined for this page (per store, see docs/search.md). */
  scanned: number;
  /** True when every candidate has been examined: there is nothing more to find. */
  complete: boolean;
}

export interface MessageDetail extends StoredMessage {
  /** As stored, else what the retry policy of its queue and type allows now. */
  maxAttempts: number;
  timeline: TimelineEvent[];
  /** What its state allows, each with the equivalent CLI command. */
  actions: ActionHint[];
}

export type MessageAction = 'retry' | 'remove' | 'promote';

export interface ActionOutcome {
  id: string;
  queue: string;
  action: MessageAction;
}

export type { ActionHint, MessageState, MessageSummary, StoredMessage, TimelineEvent };

export interface MessageSearchOptions {
  /** Stored entries a page may examine before it stops and offers to continue (default 5,000). */
  scanBudget?: number;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
const DEFAULT_SCAN_BUDGET = 5000;

export class MessageSearch implements MessageSearchApi {
  private readonly scanBudget: number;

  constructor(
    private readonly symphony: Symphony,
    options: MessageSearchOptions = {},
  ) {
    this.scanBudget = options.scanBudget ?? DEFAULT_SCAN_BUDGET;
  }

  search(query: MessageQuery): Promise<MessagePage> {
    const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
    return searchPages(this.sources(query.queues), query, limit, this.scanBudget);
  }

  async show(id: string, queue?: string): Promise<MessageDetail> {
    const { message } = await this.find(id, queue);
    return {
      ...message,
      maxAttempts:
        message.maxAttempts ?? this.symphony.queues.retryFor(message.queue, message.type).maxAttempts,
      timeline: timelineOf(message),
      actions: actionsFor(message),
    };
  }

  async retry(id: string, queue?: string): Promise<ActionOutcome> {
    const { message } = await this.find(id, queue);
    if (message.state !== 'failed') throw new MessageStateError(message, 'retry');
    const [outcome] = await new FailedMessages(this.symphony).retry([id], message.queue);
    if (!outcome?.ok) throw new MessageStateError(await this.current(message), 'retry');
    return { id, queue: message.queue, action: 'retry' };
  }

  async remove(id: string, queue?: string): Promise<ActionOutcome> {
    const { message, source } = await this.find(id, queue);
    const outcome = await source.browser.remove(message.queue, id);
    if (outcome === 'missing') throw new MessageNotFoundError(id, queue);
    if (outcome === 'active') throw new MessageStateError({ ...message, state: 'active' }, 'remove');
    if (outcome === 'scheduled') throw new MessageStateError(message, 'remove', 'remove-scheduled');
    return { id, queue: message.queue, action: 'remove' };
  }

  async promote(id: string, queue?: string): Promise<ActionOutcome> {
    const { message, source } = await this.find(id, queue);
    if (message.state !== 'delayed') throw new MessageStateError(message, 'promote');
    if (!(await source.browser.promote(message.queue, id))) {
      throw new MessageStateError(await this.current(message), 'promote');
    }
    return { id, queue: message.queue, action: 'promote' };
  }

  private async find(id: string, queue?: string): Promise<{ message: StoredMessage; source: BrowseSource }> {
    const found = await locate(this.sources(queue === undefined ? undefined : [queue]), id);
    if (!found) throw new MessageNotFoundError(id, queue);
    return found;
  }

  /** The message as it is now, after an action lost a race (for the conflict's message). */
  private async current(message: StoredMessage): Promise<StoredMessage> {
    const found = await locate(this.sources([message.queue]), message.id);
    if (!found) throw new MessageNotFoundError(message.id, message.queue);
    return found.message;
  }

  private sources(queues?: readonly string[]): BrowseSource[] {
    return browseSources(this.symphony, queues);
  }
}
