import type { Queue } from 'bullmq';
import type { Symphony } from '../../src/bus/symphony';
import type { BullMqTransport } from '../../src/transport/bullmq/bullmq-transport';
import { closeTestBuses, eventually, logsOf } from '../helpers/bus';
import { contractBus } from './harness';
import { contractTargets } from './targets';

afterEach(closeTestBuses);

/**
 * Finding 4 of issue 12: a stored message that cannot be read goes to the failed store at once
 * (no retry can fix stored data) with its reason and its delivery line; it never reaches a handler
 * and never stays active. Written behind the bus's back, as a hand edit, another producer or an
 * older version would. PostgreSQL keeps job data as jsonb, so text that is not JSON exists on
 * Redis only.
 */
interface Form {
  name: string;
  redisOnly?: boolean;
  type?: string;
  data: unknown;
  /** Replaces the stored data with raw text after the job is added. */
  raw?: string;
  reason: RegExp;
}

const FORMS: Form[] = [
  { name: 'not JSON', redisOnly: true, data: {}, raw: '{"v":1,"body":', reason: /not JSON/ },
  { name: 'JSON but not an object', data: 'hello', reason: /expected wire format v1/ },
  { name: 'another format version', data: { v: 2, body: { n: 1 } }, reason: /expected wire format v1/ },
  { name: 'no format version', data: { body: { n: 1 } }, reason: /expected wire format v1/ },
  {
    name: 'a type nobody defined',
    type: 'contract.nope',
    data: { v: 1, body: {} },
    reason: /Unknown message type/,
  },
];

const bullMqTargets = contractTargets.filter((t) => t.name !== 'memory');

describe.each(bullMqTargets)('unreadable stored messages on $name', (target) => {
  const forms = FORMS.filter((f) => !f.redisOnly || target.name.startsWith('redis'));

  it.each(forms)('$name: failed at once with its reason and its line, never handled', async (form) => {
    const { bus, seen } = contractBus(target, { retry: { maxRetries: 3, delay: 10 } });
    const queue = bullQueue(bus);
    const job = await queue.add(form.type ?? 'contract.job', form.data, { attempts: 4 });
    if (form.raw !== undefined) {
      const backend = queue.getBackend() as unknown as { client: Promise<RawRedis> };
      await (await backend.client).hset(queue.toKey(job.id!), 'data', form.raw);
    }
    const consumer = bus.consume('q');
    await eventually(async () => (await bus.stats(['q'])).q!.failed === 1);
    const failed = (await bus.queues.transport('q').failed!.getFailed('q', job.id!))!;
    await consumer.close();

    expect(failed.error.message).toMatch(form.reason);
    expect(failed.attemptsMade).toBe(1);
    if (form.raw !== undefined) expect(failed.envelope.body).toBe(form.raw); // the text, as stored
    expect(seen).toHaveLength(0);
    expect((await bus.stats(['q'])).q).toMatchObject({ active: 0, waiting: 0, delayed: 0, failed: 1 });
    expect(logsOf(bus)).toContainEqual(
      expect.objectContaining({
        id: job.id,
        queue: 'q',
        attempt: 1,
        outcome: 'failed',
        msg: 'message failed',
      }),
    );
  });
});

interface RawRedis {
  hset(key: string, field: string, value: string): Promise<number>;
}

function bullQueue(bus: Symphony): Queue {
  return (bus.queues.transport('q') as unknown as BullMqTransport).queue('q');
}
