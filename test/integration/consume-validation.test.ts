import { z } from 'zod';
import { defineApp } from '../../src/bus/app-definition';
import type { Symphony } from '../../src/bus/symphony';
import { defineHandler } from '../../src/handling/handler-registry';
import { defineMessage } from '../../src/message/define-message';
import { createEnvelope } from '../../src/message/envelope';
import { closeTestBuses, eventually, logsOf, redisUrl, testBus, uniquePrefix } from '../helpers/bus';

afterEach(closeTestBuses);

/**
 * The consumer validates a body again (the producer may run older code). A body that no longer
 * fits cannot succeed on retry: it fails at its first attempt, whatever the retry options say,
 * with a ValidationError in the log line.
 */
const TYPE = 'account.signup';
const lax = defineMessage(TYPE, z.object({ email: z.string() }));
const strict = defineMessage(TYPE, z.object({ email: z.email() }));
const RETRY = { maxRetries: 3, delay: 10, multiplier: 1, jitter: 0 }; // 4 attempts

function appOf(message: typeof lax | typeof strict, handled: string[]) {
  return defineApp({
    messages: [message],
    routing: { 'account.*': 'q' },
    queues: { q: { concurrency: 1, retry: RETRY } },
    handlers: [defineHandler(message, (body: { email: string }) => void handled.push(body.email))],
  });
}

async function expectFailedAtOnce(consumerBus: Symphony, id: string, handled: string[]): Promise<void> {
  await eventually(async () => {
    const q = (await consumerBus.stats(['q'])).q!;
    return q.failed === 1 && q.completed === 1;
  });
  expect(handled).toEqual(['ok@example.com']); // the handler never saw the bad body

  const lines = logsOf(consumerBus).filter((l) => l.id === id);
  expect(lines).toHaveLength(1); // no 'retry' line before the failure
  expect(lines[0]).toMatchObject({
    type: TYPE,
    queue: 'q',
    attempt: 1,
    outcome: 'failed',
    error: { name: 'ValidationError' },
  });
  expect((lines[0]!.error as { message: string }).message).toMatch(/email/);

  const failed = await consumerBus.queues.transport('q').failed!.getFailed('q', id);
  expect(failed).toMatchObject({ id, type: TYPE, attemptsMade: 1 });
  expect((await consumerBus.stats(['q'])).q).toMatchObject({ delayed: 0, waiting: 0, active: 0 });
}

describe('a body valid at dispatch but invalid when consumed', () => {
  it('on Redis: fails at the first of 4 attempts with a ValidationError', async () => {
    const prefix = uniquePrefix();
    const config = { defaultDsn: redisUrl(), redisPrefix: prefix };
    const producer = testBus(appOf(lax, []), config);
    const handled: string[] = [];
    const consumerBus = testBus(appOf(strict, handled), config);

    const { id } = await producer.dispatch(lax, { email: 'not-an-email' }); // fine by the old schema
    await producer.dispatch(lax, { email: 'ok@example.com' });
    const consumer = consumerBus.consume('q');
    await expectFailedAtOnce(consumerBus, id, handled);
    await consumer.close();
  });

  it('on memory://: fails at the first of 4 attempts with a ValidationError', async () => {
    const handled: string[] = [];
    const bus = testBus(appOf(strict, handled), { defaultDsn: 'memory://' });
    const transport = bus.queues.transport('q');
    // Stored behind the dispatch validation, as a producer with a laxer schema would have stored it.
    const bad = createEnvelope({ type: TYPE, body: { email: 'not-an-email' }, queue: 'q' });
    await transport.send(bad, { attempts: 4 });
    await transport.send(createEnvelope({ type: TYPE, body: { email: 'ok@example.com' }, queue: 'q' }), {
      attempts: 4,
    });
    const consumer = bus.consume('q');
    await expectFailedAtOnce(bus, bad.id, handled);
    await consumer.close();
  });
});
