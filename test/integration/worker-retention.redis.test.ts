import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { closeTestBuses, eventually, redisUrl, testBus, uniquePrefix } from '../helpers/bus';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);

describe('retention on Redis', () => {
  it('is applied by the workers as messages finish; jobs store none of it', async () => {
    const prefix = uniquePrefix();
    const handler = defineHandler(ping, ({ n }) => {
      if (n < 0) throw new Error('negative');
    });
    const bus = testBus(testApp([handler]), {
      redisPrefix: prefix,
      retention: { completedCount: 3, failedAgeSeconds: 3600 },
    });
    const sent = await bus.dispatchBatch([1, 2, 3, 4, 5, 6, -1].map((n) => ({ type: ping, body: { n } })));

    const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue('work', { connection, prefix });
    try {
      const stored = (await queue.getJob(sent[0]!.id))!;
      expect(stored.opts.removeOnComplete).toBeUndefined();
      expect(stored.opts.removeOnFail).toBeUndefined();

      const consumer = bus.consume('work');
      await eventually(async () => (await bus.stats(['work'])).work!.failed === 1);
      await eventually(async () => (await bus.stats(['work'])).work!.waiting === 0);
      await consumer.close();
      // Six completed, the newest three kept (messages are handled in order at concurrency 1).
      const kept = await queue.getJobs(['completed']);
      expect(kept.map((j) => j.id).sort()).toEqual(
        sent
          .slice(3, 6)
          .map((r) => r.id)
          .sort(),
      );
      expect(await queue.getJobState(sent[6]!.id)).toBe('failed'); // kept: within its hour
    } finally {
      await queue.close();
      await connection.quit();
    }
  });
});
