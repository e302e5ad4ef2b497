import { Redis } from 'ioredis';
import { z } from 'zod';
import { defineApp } from '../../src/bus/app-definition';
import { UnrecoverableError } from '../../src/errors';
import { defineHandler } from '../../src/handling/handler-registry';
import { defineMessage } from '../../src/message/define-message';
import { MessageSearch, type MessagePage } from '../../src/messages/message-search';
import { REDIS_CHUNK } from '../../src/transport/bullmq/redis-job-index';
import { closeTestBuses, eventually, redisUrl, testBus, uniquePrefix } from '../helpers/bus';

const item = defineMessage('bulk.item', z.object({ n: z.number().int(), note: z.string() }));

afterEach(closeTestBuses);

/** Every command Redis runs on keys under `prefix` while `work` runs, as MONITOR reports them. */
async function commandsDuring(prefix: string, work: () => Promise<void>): Promise<string[][]> {
  // Not Redis#monitor(): ioredis turns monitoring on a tick after MONITOR's reply, so other tests' lines
  // arriving with that reply are read as replies to nothing, each an 'error' event nobody listens to.
  const monitor = new Redis(redisUrl(), { monitor: true, lazyConnect: true });
  monitor.on('error', () => undefined); // a monitor that really fails sees no end marker below
  // (events.once would reject on those errors)
  const monitoring = new Promise((resolve) => monitor.once('monitoring', resolve));
  await monitor.connect();
  await monitoring;
  const seen: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args.some((a) => a.startsWith(`${prefix}:`))) seen.push(args.map(String));
  });
  try {
    await work();
    // MONITOR reports a command once it ran; a final PING of our own marks the end of the stream.
    const marker = new Redis(redisUrl());
    await marker.get(`${prefix}:end-of-work`);
    await eventually(() => seen.some((a) => a[1] === `${prefix}:end-of-work`), Boolean);
    marker.disconnect();
  } finally {
    monitor.disconnect();
  }
  return seen.filter((a) => a[1] !== `${prefix}:end-of-work`);
}

const STATE_KEY = /:(wait|paused|active|prioritized|delayed|failed|completed)$/;

/** Entries a range command over a state may return: LRANGE start stop, Z[REV]RANGEBYSCORE … LIMIT offset count. */
function rangeWidth(args: string[]): number | undefined {
  const name = args[0]!.toLowerCase();
  if (!STATE_KEY.test(args[1] ?? '')) return undefined;
  if (name === 'lrange' || name === 'zrange' || name === 'zrevrange') {
    return Number(args[3]) < 0 ? Infinity : Number(args[3]) - Number(args[2]) + 1; // -1: to the end
  }
  if (name === 'zrangebyscore' || name === 'zrevrangebyscore') {
    const limit = args.findIndex((a) => a.toLowerCase() === 'limit');
    return limit < 0 ? Infinity : Number(args[limit + 2]);
  }
  return undefined;
}

describe('message search on Redis: bounded calls', () => {
  jest.setTimeout(120_000);

  it('walks every state in ranges of at most REDIS_CHUNK entries, never KEYS, SCAN or a script', async () => {
    const prefix = uniquePrefix();
    const app = defineApp({
      messages: [item],
      routing: { 'bulk.*': 'ranked' },
      queues: { ranked: { retry: { maxRetries: 0 } }, plain: { priorities: false } },
      handlers: [
        defineHandler(item, () => {
          throw new UnrecoverableError('no');
        }),
      ],
    });
    const bus = testBus(app, { redisPrefix: prefix });
    const batch = (from: number, count: number, queue: string) =>
      bus.dispatchBatch(
        Array.from({ length: count }, (_, i) => ({
          type: item,
          body: { n: from + i, note: (from + i) % 997 === 0 ? 'needle' : 'hay' },
          options: { queue },
        })),
      );
    await batch(0, 1300, 'ranked');
    const consumer = bus.consume('ranked', { concurrency: 50 });
    await eventually(async () => (await bus.stats(['ranked'])).ranked!.failed === 1300, Boolean, 90_000);
    await consumer.close();
    await batch(1300, 1200, 'ranked'); // prioritized
    await batch(2500, 1300, 'plain'); // a wait list
    const needles = Array.from({ length: 3800 }, (_, n) => n).filter((n) => n % 997 === 0);

    const search = new MessageSearch(bus, { scanBudget: 100_000 });
    let pages: MessagePage[] = [];
    const walk = await commandsDuring(prefix, async () => {
      pages = [];
      let cursor: string | undefined;
      do {
        const page = await search.search({ text: 'NEEDLE', cursor });
        pages.push(page);
        cursor = page.cursor;
      } while (cursor);
    });
    const found = pages.flatMap((p) => p.items.map((m) => m.id));
    expect(found).toHaveLength(needles.length);
    expect(pages.reduce((n, p) => n + p.scanned, 0)).toBe(3800);

    const widths = walk.map(rangeWidth).filter((w): w is number => w !== undefined);
    expect(widths.length).toBeGreaterThan(3800 / REDIS_CHUNK);
    expect(Math.max(...widths)).toBe(REDIS_CHUNK); // the bound was reached, and never passed
    expect(REDIS_CHUNK).toBeLessThanOrEqual(2000);
    const names = new Set(walk.map((a) => a[0]!.toLowerCase()));
    for (const banned of ['keys', 'scan', 'eval', 'evalsha', 'fcall', 'sort'])
      expect(names.has(banned)).toBe(false);
    expect(walk.filter((a) => a[0]!.toLowerCase() === 'hmget').every((a) => a.length <= 12)).toBe(true);
  });

  it('finds one message by id with direct reads only (no range over a state)', async () => {
    const prefix = uniquePrefix();
    const app = defineApp({
      messages: [item],
      routing: { 'bulk.*': 'plain' },
      queues: { plain: { priorities: false } },
    });
    const bus = testBus(app, { redisPrefix: prefix });
    const results = await bus.dispatchBatch(
      Array.from({ length: 2000 }, (_, n) => ({ type: item, body: { n, note: 'hay' } })),
    );
    const id = results[0]!.id;
    const search = new MessageSearch(bus);
    let page: MessagePage | undefined;
    const calls = await commandsDuring(prefix, async () => {
      page = await search.search({ id });
    });
    expect(page!.items.map((m) => m.id)).toEqual([id]);
    expect(calls.map(rangeWidth).filter((w) => w !== undefined)).toEqual([]);
    const lpos = calls.filter((a) => a[0]!.toLowerCase() === 'lpos');
    expect(lpos.every((a) => a.map((x) => x.toLowerCase()).includes('maxlen'))).toBe(true);
  });
});
