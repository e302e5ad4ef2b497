import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { defineApp } from '../../src/bus/app-definition';
import { defineHandler } from '../../src/handling/handler-registry';
import { defineMessage } from '../../src/message/define-message';
import { closeTestBuses, eventually, redisUrl, testBus, uniquePrefix } from '../helpers/bus';

const flaky = (maxRetries: number) =>
  defineMessage('policy.flaky', z.object({ n: z.number() }), { retry: { maxRetries, delay: 10, jitter: 0 } });

function app(maxRetries: number, attempts: number[] = []) {
  const message = flaky(maxRetries);
  return defineApp({
    messages: [message],
    routing: { 'policy.*': 'policy' },
    handlers: [
      defineHandler(message, (_body, envelope) => {
        attempts.push(envelope.attempt);
        throw new Error('always fails');
      }),
    ],
  });
}

afterAll(closeTestBuses);

describe('retry policy on Redis', () => {
  it("is not stored with each job: the consumer applies its type's policy at delivery", async () => {
    const prefix = uniquePrefix();
    // The producer's policy allows no retry; the worker's allows two.
    const producer = testBus(app(0), { redisPrefix: prefix });
    const attempts: number[] = [];
    const worker = testBus(app(2, attempts), { redisPrefix: prefix });
    const { id } = await producer.dispatch('policy.flaky', { n: 1 });

    const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue('policy', { connection, prefix });
    try {
      const stored = await queue.getJob(id);
      expect(stored!.opts.attempts ?? 0).toBe(0);
      expect(stored!.opts.backoff).toBeUndefined();

      const consumer = worker.consume('policy');
      await eventually(
        () => queue.getJobState(id),
        (state) => state === 'failed',
      );
      await consumer.close();
      expect(attempts).toEqual([1, 2, 3]);
      const failed = await queue.getJob(id);
      expect(failed!.attemptsMade).toBe(3);
      expect(failed!.stacktrace).toHaveLength(3);
    } finally {
      await queue.close();
      await connection.quit();
    }
  });
});
