import { z } from 'zod';
import { defineApp } from '../../src/bus/app-definition';
import { createSymphony, type Symphony } from '../../src/bus/symphony';
import { defaultConfig } from '../../src/config/config';
import { UnrecoverableError } from '../../src/errors';
import { defineHandler } from '../../src/handling/handler-registry';
import { createLogger } from '../../src/logger';
import { defineMessage, type MessageDefinition } from '../../src/message/define-message';
import { chunks, range } from '../measure';

const body = z.object({ to: z.string(), text: z.string(), fail: z.boolean().optional() });
export const emailSend = defineMessage('email.send', body);
export const emailDigest = defineMessage('email.digest', body);
export const smsSend = defineMessage('sms.send', body);
export const pushNotify = defineMessage('push.notify', body);

export const NEEDLE = 'zebra-needle';
const WORDS = ['invoice', 'welcome', 'reminder', 'receipt', 'shipping', 'password', 'newsletter', 'survey'];

/** Where each part of the data set lives; 100,000 messages at scale 1. */
export interface SearchData {
  bus: Symphony;
  prefix: string;
  /** The one message whose body holds NEEDLE: completed, in the last queue the walk visits. */
  needleId: string;
  counts: Record<string, number>;
}

/**
 * The data set: mail (priorities on) with completed and pending `email.send` and 1% `email.digest`,
 * sms (a plain wait list), push (completed, 10% failed, and delayed). Workers run only to finish
 * the processed part; none runs while the bench measures.
 */
export async function searchData(redisUrl: string, scale: number): Promise<SearchData> {
  const prefix = `bench-search-${Math.random().toString(36).slice(2, 8)}`;
  const n = (count: number) => Math.max(1, Math.round(count * scale));
  const handler = (def: MessageDefinition<string, typeof body>) =>
    defineHandler(def, (b) => {
      if (b.fail) throw new UnrecoverableError(`provider refused ${b.to}`);
    });
  const app = defineApp({
    messages: [emailSend, emailDigest, smsSend, pushNotify],
    routing: { 'email.*': 'mail', 'sms.*': 'sms', 'push.*': 'push' },
    queues: {
      mail: { retry: { maxRetries: 0 }, concurrency: 100 },
      sms: { priorities: false },
      push: { retry: { maxRetries: 0 }, priorities: false, concurrency: 100 },
    },
    handlers: [handler(emailSend), handler(emailDigest), handler(pushNotify)],
  });
  const config = defaultConfig({
    defaultDsn: redisUrl,
    redisPrefix: prefix,
    logLevel: 'silent',
    retention: { completedCount: 1_000_000, failedAgeSeconds: 86_400 },
    storeTimeoutMs: 120_000, // filling 100,000 messages on a busy machine: no producer deadline
  });
  const bus = createSymphony(app, config, { logger: createLogger('silent') });
  const send = async (
    def: MessageDefinition<string, typeof body>,
    count: number,
    make: (i: number) => object,
    options = {},
  ) => {
    const ids: string[] = [];
    for (const part of chunks(range(count), 1000)) {
      const results = await bus.dispatchBatch(
        part.map((i) => ({ type: def, body: make(i) as z.infer<typeof body>, options })),
      );
      ids.push(...results.map((r) => r.id));
    }
    return ids;
  };
  const text = (i: number) => `${WORDS[i % WORDS.length]} #${i}`;
  const counts = {
    processedMail: n(40_000),
    digests: n(400),
    processedPush: n(10_000),
    waitingSms: n(20_000),
    prioritizedMail: n(20_000),
    delayedPush: n(9_600),
  };
  await send(emailSend, counts.processedMail, (i) => ({ to: `user${i}@example.com`, text: text(i) }));
  await send(emailDigest, counts.digests, (i) => ({ to: `user${i}@example.com`, text: `digest ${i}` }));
  const pushIds = await send(pushNotify, counts.processedPush, (i) => ({
    to: `device-${i}`,
    text: i === Math.floor(counts.processedPush / 2) ? `${NEEDLE} ${text(i)}` : text(i),
    fail: i % 10 === 3,
  }));
  const consumers = ['mail', 'push'].map((q) => bus.consume(q));
  const expected = counts.processedMail + counts.digests + counts.processedPush;
  for (;;) {
    const stats = await bus.stats(['mail', 'push']);
    const done = Object.values(stats).reduce((sum, c) => sum + c.completed + c.failed, 0);
    if (done >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await Promise.all(consumers.map((c) => c.close()));
  await send(smsSend, counts.waitingSms, (i) => ({ to: `+1555${i}`, text: text(i) }));
  await send(emailSend, counts.prioritizedMail, (i) => ({ to: `late${i}@example.com`, text: text(i) }));
  await send(pushNotify, counts.delayedPush, (i) => ({ to: `device-late-${i}`, text: text(i) }), {
    delay: 3_600_000,
  });
  return { bus, prefix, needleId: pushIds[Math.floor(counts.processedPush / 2)]!, counts };
}
