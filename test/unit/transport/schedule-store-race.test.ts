import type { Queue } from 'bullmq';
import { createEnvelope } from '../../../src/message/envelope';
import { BullMqScheduleStore } from '../../../src/transport/bullmq/bullmq-schedule-store';

/**
 * Workers starting together each sync the declared schedules; the second to write a scheduler's
 * next run gets BullMQ's "job ID already exists" (a loaded run saw a worker exit on it). The
 * scheduler the other process wrote stands; any other failure still fails the sync.
 */
describe('BullMqScheduleStore.upsertRepeat when another process wrote the scheduler first', () => {
  const collision = new Error(
    'Cannot create job scheduler iteration - job ID already exists. addJobScheduler',
  );
  const template = {
    envelope: createEnvelope({ type: 'ping', body: { n: 1 }, queue: 'q' }),
    options: { attempts: 1 },
  };
  const fakeQueue = (upsert: () => Promise<unknown>, scheduler: unknown) => {
    const removed: string[] = [];
    const queue = {
      upsertJobScheduler: upsert,
      getJobScheduler: async () => scheduler,
      removeJobScheduler: async (id: string) => void removed.push(id),
    } as unknown as Queue;
    return { store: new BullMqScheduleStore(() => queue), removed };
  };

  it('keeps the scheduler the other process stored', async () => {
    const { store, removed } = fakeQueue(() => Promise.reject(collision), {
      id: 'tick',
      next: Date.now() + 1000,
    });
    await expect(store.upsertRepeat('q', 'tick', { every: 1000 }, template)).resolves.toBeUndefined();
    expect(removed).toEqual([]);
  });

  it('still fails when no scheduler stands, or on any other error', async () => {
    const none = fakeQueue(() => Promise.reject(collision), undefined);
    await expect(none.store.upsertRepeat('q', 'tick', { every: 1000 }, template)).rejects.toBe(collision);
    const other = new Error('connection lost');
    const failing = fakeQueue(() => Promise.reject(other), { id: 'tick', next: 1 });
    await expect(failing.store.upsertRepeat('q', 'tick', { every: 1000 }, template)).rejects.toBe(other);
  });
});
