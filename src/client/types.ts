/**
 * The API's request and response shapes, from the zod schemas the server validates with. Type
 * imports only: nothing here exists at run time, so the client needs no zod (nor Node) to run.
 */
import type { z } from 'zod';
import type { BulkProgress } from '../failed/bulk-walk';
import type { FailedPage as ServicePage } from '../failed/failed-messages';
import type { failedBulkBody, failedListQuery } from '../http/failed-schemas';
import type { schedulePut } from '../http/schedule-schemas';
import type { batchRequest, dispatchRequest, dispatchResult } from '../http/schemas';
import type { BodyOf, MessageDefinition } from '../message/define-message';
import type { ScheduleInfo } from '../scheduler/schedule-info';
import type { QueueStatus } from '../status/queue-status';
import type { FailedMessage } from '../transport/capabilities';

export type DispatchRequest = z.input<typeof dispatchRequest>;
export type DispatchOptions = NonNullable<DispatchRequest['options']>;
export type DispatchResult = z.output<typeof dispatchResult>;
export type BatchRequest = z.input<typeof batchRequest>;
/** A batch item: by type name, or by message definition with its typed body. */
export type BatchMessage<D extends MessageDefinition = MessageDefinition> =
  DispatchRequest | { message: D; body: BodyOf<D>; options?: DispatchOptions };

export interface StatusResponse {
  queues: Record<string, QueueStatus>;
}

export type FailedListQuery = z.input<typeof failedListQuery>;
/** At least one filter, or `all: true`: an empty filter never empties the store. */
export type FailedFilter = z.input<typeof failedBulkBody>;
export type FailedSummary = Omit<FailedMessage, 'error'> & { error: { message: string } };
export type FailedPage = Omit<ServicePage, 'items'> & {
  items: FailedSummary[];
  offset: number;
  limit: number;
};
export type FailedOutcome = { id: string; queue: string } & ({ retried: true } | { removed: true });
export type { BulkProgress, FailedMessage };

export type SchedulePut = z.input<typeof schedulePut>;
export type { ScheduleInfo };
export interface ScheduleRemoved {
  id: string;
  queue: string;
  removed: true;
}
