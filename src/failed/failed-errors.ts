import { SymphonyError } from '../errors';

/** The queue's transport keeps no failed messages (sync:// fails inside dispatch instead). */
export class FailedStoreUnavailableError extends SymphonyError {
  constructor(
    readonly queue: string,
    transportKind: string,
  ) {
    super(
      'FAILED_STORE_UNAVAILABLE',
      `Queue "${queue}" is on the ${transportKind} transport, which keeps no failed messages: its errors surface at dispatch. Move the queue to redis:// (or memory:// in tests) to keep them.`,
    );
  }
}

export class FailedMessageNotFoundError extends SymphonyError {
  constructor(
    readonly messageId: string,
    queue?: string,
  ) {
    super(
      'FAILED_NOT_FOUND',
      `No failed message "${messageId}" ${queue ? `in queue "${queue}"` : 'in any queue'}: it may have been retried, removed or expired; see \`symphony failed:list\`.`,
    );
  }
}
