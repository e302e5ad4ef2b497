import { toError } from '../../errors';
import { retryDelay, willRetry } from '../../retry/retry-decision';
import type { ConsumeOptions, Processor } from '../transport';
import type { MemoryDelivery, MemoryRecord, MemoryStore } from './memory-store';

/** Runs one record through a processor and applies the retry strategy, as BullMQ would. */
export async function runRecord(
  store: MemoryStore,
  record: MemoryRecord,
  processor: Processor,
  options: ConsumeOptions,
): Promise<void> {
  const delivery = { attempt: record.attemptsMade + 1, maxAttempts: record.options.attempts };
  record.state = 'active';
  const run: MemoryDelivery = { startedAt: store.now() };
  (record.history ??= []).push(run);
  try {
    await processor({ ...record.envelope, attempt: delivery.attempt }, delivery);
    record.state = 'completed';
    record.finishedAt = store.now();
    run.endedAt = record.finishedAt;
  } catch (thrown) {
    const error = toError(thrown);
    record.attemptsMade++;
    record.error = { message: error.message, stack: error.stack };
    Object.assign(run, { endedAt: store.now(), error: record.error });
    if (willRetry(error, delivery)) {
      record.state = 'waiting';
      record.availableAt =
        store.now() + retryDelay(error, options.retryFor(record.envelope.type), delivery.attempt);
    } else {
      record.state = 'failed';
      record.finishedAt = store.now();
    }
  }
  store.onChange();
}
