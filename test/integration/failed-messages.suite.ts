import type { AppDefinition } from '../../src/bus/app-definition';
import type { Symphony } from '../../src/bus/symphony';
import type { BulkProgress } from '../../src/failed/bulk-walk';
import { FailedStoreUnavailableError } from '../../src/failed/failed-errors';
import { FailedMessages } from '../../src/failed/failed-messages';
import { eventually } from '../helpers/bus';
import { failMessages, failingApp, handlerState, nextMillisecond, twoQueueApp } from '../helpers/failed';

const bodyN = (m: { envelope: { body: unknown } }) => (m.envelope.body as { n?: number }).n;

/** The FailedMessages service checks, run on every transport that keeps failed messages. */
export function failedMessagesSuite(makeBus: (app: AppDefinition) => Symphony): void {
  it('lists newest first across queues, with total, offset, limit and hasMore', async () => {
    const bus = makeBus(twoQueueApp());
    const ids: string[] = [];
    for (const item of [1, 'orphan', 2] as const) {
      ids.push(...(await failMessages(bus, [item])));
      await nextMillisecond();
    }
    const failed = new FailedMessages(bus);
    const all = await failed.list();
    expect(all).toMatchObject({ total: 3, hasMore: false });
    expect(all.items.map((m) => m.id)).toEqual([...ids].reverse());
    expect(all.items.map((m) => m.queue)).toEqual(['work', 'other', 'work']);
    const second = await failed.list({}, { offset: 1, limit: 1 });
    expect(second).toMatchObject({ total: 3, hasMore: true });
    expect(second.items.map((m) => m.id)).toEqual([ids[1]]);
    expect((await failed.list({ queue: 'work' })).items.map(bodyN)).toEqual([2, 1]);
    expect((await failed.list({ queue: 'work' })).total).toBe(2);
  });

  it('filters by exact type, type prefix, time window and case-insensitive text', async () => {
    const bus = makeBus(twoQueueApp());
    await failMessages(bus, [1, 'orphan', 21]);
    const boundary = Date.now();
    await nextMillisecond(boundary);
    await failMessages(bus, [3, 'orphan']);
    const failed = new FailedMessages(bus);
    const types = async (filters: Parameters<FailedMessages['list']>[0]) =>
      (await failed.list(filters)).items.map((m) => `${m.type}:${bodyN(m) ?? '-'}`).sort();

    expect(await types({ type: 'test.orphan' })).toEqual(['test.orphan:-', 'test.orphan:-']);
    expect(await types({ type: 'test.*' })).toHaveLength(5);
    expect(await types({ type: 'test.pi' })).toEqual([]);
    expect(await types({ since: new Date(boundary + 1) })).toEqual(['test.orphan:-', 'test.ping:3']);
    expect(await types({ until: new Date(boundary) })).toEqual([
      'test.orphan:-',
      'test.ping:1',
      'test.ping:21',
    ]);
    expect(await types({ grep: 'BOOM 1' })).toEqual(['test.ping:1']);
    expect(await types({ grep: '"n":21' })).toEqual(['test.ping:21']); // the JSON body
    expect(await types({ grep: 'no handler', since: new Date(boundary + 1) })).toEqual(['test.orphan:-']);
    expect((await failed.list({ type: 'test.orphan' })).total).toBeUndefined();
  });

  it('shows one message from any queue or a given one, and says when a queue keeps none', async () => {
    const bus = makeBus(twoQueueApp());
    const [pingId, orphanId] = await failMessages(bus, [4, 'orphan']);
    const failed = new FailedMessages(bus);
    expect(await failed.show(orphanId!)).toMatchObject({ id: orphanId, queue: 'other', type: 'test.orphan' });
    expect((await failed.show(pingId!, 'work'))?.error.message).toContain('Boom 4');
    expect(await failed.show(pingId!, 'other')).toBeUndefined();
    expect(await failed.show('unknown')).toBeUndefined();
    await expect(failed.show(pingId!, 'direct')).rejects.toBeInstanceOf(FailedStoreUnavailableError);
  });

  it('retries one: handled again on its original queue at attempt 1', async () => {
    const state = handlerState();
    const bus = makeBus(twoQueueApp(state));
    const [id] = await failMessages(bus, [7]);
    state.failing = false;
    const failed = new FailedMessages(bus);
    expect(await failed.retry([id!, 'unknown'])).toEqual([
      { id, queue: 'work', ok: true },
      { id: 'unknown', ok: false },
    ]);
    const consumer = bus.consume('work');
    await eventually(async () => (await bus.stats(['work'])).work!.completed === 1);
    await consumer.close();
    expect(state.seen).toEqual([
      { n: 7, attempt: 1, queue: 'work' },
      { n: 7, attempt: 1, queue: 'work' },
    ]);
    expect((await failed.list()).total).toBe(0);
  });

  it('removes one', async () => {
    const bus = makeBus(twoQueueApp());
    const [a, b] = await failMessages(bus, [1, 'orphan']);
    const failed = new FailedMessages(bus);
    expect(await failed.remove([b!])).toEqual([{ id: b, queue: 'other', ok: true }]);
    expect(await failed.remove([b!])).toEqual([{ id: b, ok: false }]);
    expect((await failed.list()).items.map((m) => m.id)).toEqual([a]);
  });

  it('retries and removes in bulk over 1,200 messages, page by page, with progress', async () => {
    const bus = makeBus(failingApp());
    const items = Array.from({ length: 1200 }, (_, i) => (i % 3 === 0 ? ('orphan' as const) : i));
    await failMessages(bus, items);
    const failed = new FailedMessages(bus);

    const retried: BulkProgress[] = [];
    expect(await failed.retryAll({ type: 'test.orphan' }, (p) => retried.push(p))).toMatchObject({
      done: 400,
      matched: 400,
    });
    expect(retried.length).toBeGreaterThan(1);
    expect(retried.at(-1)!.scanned).toBeGreaterThanOrEqual(1200);
    expect(retried.map((p) => p.done)).toEqual([...retried.map((p) => p.done)].sort((x, y) => x - y));
    const counts = (await bus.stats(['work'])).work!;
    expect(counts.failed).toBe(800);
    expect(counts.waiting + counts.prioritized).toBe(400);

    const expected = items.filter((n) => n !== 'orphan' && `boom ${n}`.includes('boom 1')).length;
    const removed: BulkProgress[] = [];
    const result = await failed.removeAll({ type: 'test.ping', grep: 'boom 1' }, (p) => removed.push(p));
    expect(result).toMatchObject({ done: expected, matched: expected });
    expect(removed.at(-1)).toEqual(result);
    expect((await failed.list({ grep: 'boom 1' })).items).toEqual([]);
    expect((await failed.list()).total).toBe(800 - expected);

    expect(await failed.removeAll()).toMatchObject({ done: 800 - expected, matched: 800 - expected });
    expect((await failed.list()).total).toBe(0);
  });

  it('bulk operations honour the queue and time filters', async () => {
    const bus = makeBus(twoQueueApp());
    await failMessages(bus, [1, 'orphan']);
    const boundary = Date.now();
    await nextMillisecond(boundary);
    await failMessages(bus, [2, 'orphan']);
    const failed = new FailedMessages(bus);
    expect(await failed.removeAll({ queue: 'other', until: new Date(boundary) })).toMatchObject({
      done: 1,
      matched: 1,
    });
    expect(await failed.retryAll({ since: new Date(boundary + 1) })).toMatchObject({ done: 2, matched: 2 });
    expect((await failed.list()).items.map(bodyN)).toEqual([1]);
  });

  it('counts by queue, type and error message', async () => {
    const bus = makeBus(twoQueueApp());
    await failMessages(bus, [1, 1, 2, 'orphan']);
    const stats = await new FailedMessages(bus).stats();
    expect(stats.total).toBe(4);
    expect(stats.byQueue).toEqual([
      { key: 'work', count: 3 },
      { key: 'other', count: 1 },
    ]);
    expect(stats.byType).toEqual([
      { key: 'test.ping', count: 3 },
      { key: 'test.orphan', count: 1 },
    ]);
    expect(stats.byError).toHaveLength(3);
    expect(stats.byError[0]).toEqual({ key: expect.stringContaining('Boom 1'), count: 2 });
    expect(stats.byError.map((e) => e.key).join('\n')).toContain('No handler registered');
    expect((await new FailedMessages(bus).stats({ type: 'test.orphan' })).total).toBe(1);
  });
}
