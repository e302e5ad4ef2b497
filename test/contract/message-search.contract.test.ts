import { MessageSearch, type MessagePage, type MessageQuery } from '../../src/messages/message-search';
import { allIds, searchFixture, type SearchFixture } from './search-fixture';
import { contractTargets } from './targets';

describe.each(contractTargets)('contract on $name: message search', (target) => {
  let f: SearchFixture;
  let search: MessageSearch;
  beforeAll(async () => {
    f = await searchFixture(target);
    search = new MessageSearch(f.bus);
  }, 120_000);
  afterAll(() => f?.close());

  /** Every page of a search, following cursors until the walk is complete. */
  async function everyPage(query: MessageQuery, using = search): Promise<MessagePage[]> {
    const pages: MessagePage[] = [];
    let cursor: string | undefined;
    do {
      const page = await using.search({ ...query, cursor });
      pages.push(page);
      expect(page.complete).toBe(page.cursor === undefined);
      cursor = page.cursor;
    } while (cursor !== undefined && pages.length < 100);
    return pages;
  }

  const found = async (query: MessageQuery): Promise<string[]> =>
    (await everyPage(query)).flatMap((p) => p.items.map((m) => m.id)).sort();
  const sorted = (...lists: string[][]): string[] => lists.flat().sort();

  it('finds every message in every state with its summary', async () => {
    const [page] = await everyPage({ limit: 500 });
    expect(page!.complete).toBe(true);
    expect(page!.items.map((m) => m.id).sort()).toEqual(sorted(allIds(f)));
    const states = Object.fromEntries(page!.items.map((m) => [m.id, m.state]));
    for (const [name, state] of Object.entries({
      completedMail: 'completed',
      completedSms: 'completed',
      failed: 'failed',
      delayed: 'delayed',
      prioritized: 'prioritized',
      active: 'active',
      waiting: 'waiting',
    })) {
      for (const id of f.ids[name]!) expect([name, states[id]]).toEqual([name, state]);
    }
    const failed = page!.items.find((m) => m.id === f.ids.failed![0])!;
    expect(failed).toMatchObject({ queue: 'mail', type: 'search.email', attemptsMade: 3 });
    expect(failed.error).toContain('bounced: boom');
    const delayed = page!.items.find((m) => m.id === f.ids.delayed![0])!;
    expect(Date.parse(delayed.dueAt!)).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('finds one message by exact id with direct reads only', async () => {
    const id = f.ids.failed![1]!;
    const page = await search.search({ id });
    expect(page).toMatchObject({ complete: true, scanned: 2 }); // one read per queue
    expect(page.items.map((m) => [m.id, m.queue, m.state])).toEqual([[id, 'mail', 'failed']]);
    expect((await search.search({ id, states: ['completed'] })).items).toEqual([]);
    expect((await search.search({ id: 'no-such-id' })).items).toEqual([]);
  });

  it('filters by type, queue and state', async () => {
    expect(await found({ type: 'search.sms' })).toEqual(
      sorted(f.ids.completedSms!, f.ids.active!, f.ids.waiting!),
    );
    expect(await found({ type: 'search.*' })).toEqual(sorted(allIds(f)));
    expect(await found({ type: 'other.*' })).toEqual([]);
    expect(await found({ queues: ['sms'] })).toEqual(await found({ type: 'search.sms' }));
    expect(await found({ states: ['failed'] })).toEqual(sorted(f.ids.failed!));
    expect(await found({ states: ['delayed', 'active'] })).toEqual(sorted(f.ids.delayed!, f.ids.active!));
    expect(await found({ states: ['waiting'] })).toEqual(sorted(f.ids.waiting!));
    expect(await found({ states: ['prioritized'] })).toEqual(sorted(f.ids.prioritized!));
    expect(await found({ queues: ['mail'], states: ['completed'] })).toEqual(sorted(f.ids.completedMail!));
  });

  it('filters by dispatch time range', async () => {
    const later = sorted(f.ids.delayed!, f.ids.prioritized!, f.ids.active!, f.ids.waiting!);
    expect(await found({ since: f.between })).toEqual(later);
    const earlier = sorted(f.ids.completedMail!, f.ids.failed!, f.ids.completedSms!);
    expect(await found({ until: f.between })).toEqual(earlier);
    expect(await found({ since: f.between, until: f.between })).toEqual([]);
  });

  it('filters by idempotency key, correlation id and text in the body', async () => {
    expect(await found({ idempotencyKey: 'key-9' })).toEqual([f.ids.prioritized![1]]);
    expect(await found({ correlationId: 'corr-7' })).toEqual([f.ids.prioritized![0]]);
    // Without an explicit correlation id, a message correlates with itself.
    const own = f.ids.completedSms![2]!;
    expect(await found({ correlationId: own })).toEqual([own]);
    expect(await found({ text: 'BOOM' })).toEqual(sorted(f.ids.failed!));
    expect(await found({ text: 'hello' })).toEqual(sorted(f.ids.completedMail!, f.ids.completedSms!));
    expect(await found({ text: 'ann@example' })).toEqual(sorted(f.ids.completedMail!));
    expect(await found({ text: 'hello', type: 'search.email', states: ['completed'] })).toEqual(
      sorted(f.ids.completedMail!),
    );
  });

  it('pages through results with a cursor, each message once', async () => {
    const pages = await everyPage({ limit: 3 });
    expect(pages.length).toBeGreaterThanOrEqual(6);
    for (const page of pages.slice(0, -1)) expect(page.items.length).toBeLessThanOrEqual(3);
    const ids = pages.flatMap((p) => p.items.map((m) => m.id));
    expect(ids.sort()).toEqual(sorted(allIds(f)));
    expect(pages.at(-1)!.complete).toBe(true);
  });

  it('stops at its scan budget and continues where it stopped', async () => {
    const budgeted = new MessageSearch(f.bus, { scanBudget: 3 });
    const pages = await everyPage({ text: 'boom' }, budgeted);
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages) expect(page.scanned).toBeLessThanOrEqual(3);
    expect(pages.some((p) => p.items.length === 0 && !p.complete)).toBe(true); // "continue"
    expect(pages.flatMap((p) => p.items.map((m) => m.id)).sort()).toEqual(sorted(f.ids.failed!));
  });

  it('refuses a cursor from another search or a made-up one, naming the field', async () => {
    const { cursor } = await search.search({ limit: 1 });
    expect(cursor).toBeDefined();
    await expect(search.search({ type: 'search.sms', cursor })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'cursor', message: expect.stringContaining('other filters') }],
    });
    await expect(search.search({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      issues: [{ path: 'cursor' }],
    });
  });
});
