import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MessageSearch, type MessagePage, type MessageQuery } from '../../src/messages/message-search';
import { REDIS_CHUNK } from '../../src/transport/bullmq/redis-job-index';
import { describeEnvironment } from '../environment';
import { benchRedis } from '../redis';
import { markdownTable } from '../table';
import { NEEDLE, searchData, type SearchData } from './search-data';
import { withSlowlog } from './slowlog';
import { BenchInputError, reportBenchFailure } from '../bench-errors';

/**
 * `npm run bench:search [-- --scale 0.2]`: Symphony's message search over 100,000 messages on
 * Redis (mixed types and states): time to a first page and to the end of the walk by id, by type
 * and by body text, and the longest single Redis call (SLOWLOG), beside what raw BullMQ offers
 * without a search: every job of every state loaded (getJobs) and filtered in process.
 */
const QUERIES: { name: string; query: (d: SearchData) => MessageQuery }[] = [
  { name: 'exact id', query: (d) => ({ id: d.needleId }) },
  { name: 'type, common (60%)', query: () => ({ type: 'email.send' }) },
  { name: 'type, rare (0.4%)', query: () => ({ type: 'email.digest' }) },
  { name: 'body text, 1 match', query: () => ({ text: NEEDLE }) },
];
const QUEUES = ['mail', 'sms', 'push'];
const RUNS = 3;
const STATES = ['active', 'wait', 'prioritized', 'delayed', 'failed', 'completed'] as const;

async function main(): Promise<void> {
  const at = process.argv.indexOf('--scale');
  const scale = at > 0 ? Number(process.argv[at + 1]) : 1;
  if (!(scale > 0)) throw new BenchInputError('--scale takes a positive number (1 = 100,000 messages)');
  const redis = await benchRedis();
  const admin = new Redis(redis.url);
  const data = await searchData(redis.url, scale);
  // a Queue never closes a connection it was given: these are closed below
  const connections = QUEUES.map(() => new Redis(redis.url, { maxRetriesPerRequest: null }));
  const raw = QUEUES.map((q, i) => new Queue(q, { connection: connections[i]!, prefix: data.prefix }));
  try {
    const total = Object.values(data.counts).reduce((a, b) => a + b, 0);
    console.log(
      `Message search on Redis over ${total.toLocaleString('en')} messages: ${JSON.stringify(data.counts)}`,
    );
    console.log(await describeEnvironment(redis.url));
    console.log(
      `Pages of 50, scan budget 5,000 entries a page, range reads of at most ${REDIS_CHUNK}; ` +
        `first page: median of ${RUNS} after a warm-up; no worker runs meanwhile.\n`,
    );
    const search = new MessageSearch(data.bus);
    const rows: string[][] = [];
    for (const q of QUERIES) {
      const query = q.query(data);
      await search.search(query); // warm-up: the first call compiles the code paths
      const firstMs = await median(() => timed(() => search.search(query)));
      const first = await search.search(query);
      const walk = await withSlowlog(admin, () => walkAll(search, query));
      const plain = await withSlowlog(admin, () => rawSearch(raw, query));
      rows.push([
        q.name,
        firstMs.toFixed(1),
        `${first.items.length} / ${first.scanned.toLocaleString('en')}`,
        walk.ms.toFixed(0),
        `${walk.result.found.toLocaleString('en')} / ${walk.result.pages}`,
        `${walk.longestUs.toLocaleString('en')} ${walk.longestCommand}`,
        walk.largestRead.toLocaleString('en'),
        plain.ms.toFixed(0),
        `${plain.longestUs.toLocaleString('en')} ${plain.longestCommand}`,
        plain.result.largestRead.toLocaleString('en'),
      ]);
      console.log(`  ${q.name} done`);
    }
    const header = [
      'query',
      'first page ms',
      'found / scanned',
      'whole walk ms',
      'found / pages',
      'longest call µs',
      'largest read',
      'raw BullMQ ms',
      'raw longest call µs',
      'raw largest read',
    ];
    console.log('\n' + markdownTable(header, rows, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9])));
  } finally {
    await Promise.all(raw.map((q) => q.close()));
    for (const connection of connections) connection.disconnect();
    await data.bus.close();
    await dropKeys(admin, data.prefix);
    admin.disconnect();
    await redis.stop();
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function median(run: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await run());
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/** Every page of a search, following its cursor to the end. */
async function walkAll(
  search: MessageSearch,
  query: MessageQuery,
): Promise<{ found: number; pages: number }> {
  let found = 0;
  let pages = 0;
  let page: MessagePage | undefined;
  do {
    page = await search.search({ ...query, cursor: page?.cursor });
    found += page.items.length;
    pages++;
  } while (page.cursor);
  return { found, pages };
}

/**
 * What raw BullMQ offers without a search API: a job by id in each queue, or every job of every
 * state (one script reads all ids of a queue, then one HGETALL per job) filtered in process.
 */
async function rawSearch(
  queues: Queue[],
  query: MessageQuery,
): Promise<{ found: number; largestRead: number }> {
  if (query.id) {
    const jobs = await Promise.all(queues.map((q) => q.getJob(query.id!)));
    return { found: jobs.filter(Boolean).length, largestRead: 1 };
  }
  let found = 0;
  let largestRead = 0;
  for (const queue of queues) {
    const jobs = (await queue.getJobs([...STATES], 0, -1)).filter(Boolean);
    largestRead = Math.max(largestRead, jobs.length);
    found += jobs.filter(
      (j) =>
        (!query.type || j.name === query.type) &&
        (!query.text || JSON.stringify(j.data.body).includes(query.text)),
    ).length;
  }
  return { found, largestRead };
}

/** The bench's own throw-away keys: SCAN is fine here, never in the product. */
async function dropKeys(admin: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await admin.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

main().catch(reportBenchFailure);
