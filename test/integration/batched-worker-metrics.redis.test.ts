import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { redisMetricsWriter } from '../../src/transport/bullmq/batched-worker-metrics';
import { perMinute } from '../../src/transport/bullmq/bullmq-queue-insight';
import { redisUrl, uniquePrefix } from '../helpers/bus';

const MINUTE = 60_000;
const m0 = Date.UTC(2026, 10, 29, 12, 0, 0);

describe('batched worker metrics on Redis', () => {
  it("land in BullMQ's metric keys as its per-message metrics would, a point per minute", async () => {
    const client = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue('metrics', { connection: client, prefix: uniquePrefix() });
    try {
      const write = redisMetricsWriter(client, queue);
      await write('completed', 3, m0 + 10_000);
      await write('completed', 2, m0 + MINUTE + 5_000);
      await write('completed', 1, m0 + 3 * MINUTE);
      const metrics = await queue.getMetrics('completed');
      expect(metrics.meta).toEqual({ count: 6, prevTS: m0 + 3 * MINUTE, prevCount: 5 });
      expect(metrics.data).toEqual([0, 2, 3]); // newest first: minute 2 (none), minute 1, minute 0
      expect(perMinute(metrics, 4, m0 + 3 * MINUTE)).toEqual([3, 2, 0, 1]);
      expect((await queue.getMetrics('failed')).meta.count).toBe(0);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await client.quit();
    }
  });
});
