import { SymphonyError } from '../errors';
import type { MessageState } from '../transport/message-browser';

export class MessageNotFoundError extends SymphonyError {
  constructor(
    readonly messageId: string,
    queue?: string,
  ) {
    super(
      'MESSAGE_NOT_FOUND',
      `No message "${messageId}" ${queue ? `in queue "${queue}"` : 'in any queue'}: it may have been removed or expired by the retention policy; search with \`symphony messages:search\`.`,
    );
  }
}

const ALLOWED: Record<string, string> = {
  retry: 'only a failed message can be retried',
  promote: 'only a delayed message can be promoted',
  remove: 'a message cannot be removed while a worker handles it; try again once it has finished',
  'remove-scheduled':
    'it is the pending run of a schedule, which only the schedule can drop: remove the schedule (symphony schedule:remove) or let it run',
};

/** The action does not apply to the message's current state (it may have just changed). */
export class MessageStateError extends SymphonyError {
  constructor(
    message: { id: string; queue: string; state: MessageState },
    readonly action: string,
    reason: string = action,
  ) {
    super(
      'MESSAGE_STATE_CONFLICT',
      `Cannot ${action} message "${message.id}" in queue "${message.queue}": it is ${message.state}, and ${ALLOWED[reason] ?? 'its state does not allow this'}.`,
    );
  }
}
