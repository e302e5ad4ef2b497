import path from 'node:path';
import type { MessageDetail, MessagePage } from '../../src/messages/message-search';
import { ping } from '../fixtures/test-app';
import { runCli } from '../fixtures/cli-process';
import { closeTestBuses, redisUrl, testBus, uniquePrefix } from '../helpers/bus';
import { failMessages, twoQueueApp } from '../helpers/failed';

const APP = path.resolve(__dirname, '../fixtures/failed-app.ts');

afterEach(closeTestBuses);

/** The messages:* commands against a real Redis holding failed, delayed and waiting messages. */
describe('symphony messages:* CLI', () => {
  jest.setTimeout(120_000); // many process starts on a shared 2-core machine

  let env: Record<string, string>;
  let bus: ReturnType<typeof testBus>;
  let failed: string[];
  let delayed: string;
  beforeEach(async () => {
    const prefix = uniquePrefix();
    env = {
      SYMPHONY_TRANSPORT_DSN: redisUrl(),
      SYMPHONY_REDIS_PREFIX: prefix,
      SYMPHONY_APP: APP,
      LOG_LEVEL: 'warn',
    };
    bus = testBus(twoQueueApp(), { redisPrefix: prefix });
    failed = await failMessages(bus, [1, 2, 'orphan']); // pings on work, the orphan on other
    delayed = (await bus.dispatch(ping, { n: 7 }, { delay: 3_600_000 })).id;
  });

  const symphony = (...args: string[]) => runCli(args, env, 30_000);
  const json = async <T>(...args: string[]): Promise<T> => {
    const { code, stdout, stderr } = await symphony(...args, '--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(stdout) as T;
  };
  const oneLineError = (out: { code: number | null; stdout: string; stderr: string }, text: RegExp) => {
    expect({ code: out.code, stdout: out.stdout }).toEqual({ code: 1, stdout: '' });
    expect(out.stderr).toMatch(/^error: [^\n]+\n$/);
    expect(out.stderr).toMatch(text);
  };
  const ids = (page: MessagePage) => page.items.map((m) => m.id).sort();

  it('messages:search filters like the API, as JSON and as a table with the cursor and scanned count', async () => {
    const [all, orphans, byId, delayedOnly, none] = await Promise.all([
      json<MessagePage>('messages:search'),
      json<MessagePage>('messages:search', '--type', 'test.orphan'),
      json<MessagePage>('messages:search', '--id', failed[1]!),
      json<MessagePage>('messages:search', '--queue', 'work', '--state', 'delayed,active'),
      json<MessagePage>('messages:search', '--since', '2999-01-01'),
    ]);
    expect(ids(all)).toEqual([...failed, delayed].sort());
    expect(all).toMatchObject({ complete: true, scanned: 4 });
    expect(ids(orphans)).toEqual([failed[2]]);
    expect(byId.items).toMatchObject([{ id: failed[1], queue: 'work', state: 'failed' }]);
    expect(ids(delayedOnly)).toEqual([delayed]);
    expect(none.items).toEqual([]);

    const first = await symphony('messages:search', '--queue', 'work', '--limit', '2');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^id\s+queue\s+type\s+state\s+dispatched at\s+attempts\s+error\n/);
    const cursor = /more: add --cursor (\S+)\)\n$/.exec(first.stdout)?.[1];
    expect(first.stdout).toMatch(/\(2 shown, 2 stored entries scanned; more: add --cursor \S+\)\n$/);
    const rest = await symphony('messages:search', '--queue', 'work', '--limit', '2', '--cursor', cursor!);
    expect(rest.stdout).toMatch(/\(1 shown, \d+ stored entries scanned; search complete\)\n$/);
    const shownIds = [first.stdout, rest.stdout].join('').match(/^\S{36}(?= )/gm)!;
    expect(shownIds.sort()).toEqual([failed[0], failed[1], delayed].sort());
  });

  it('messages:show prints the detail; retry, promote and remove act on one message', async () => {
    const shown = await symphony('messages:show', failed[0]!);
    expect(shown.code).toBe(0);
    const detail = JSON.parse(shown.stdout) as MessageDetail;
    expect(detail).toMatchObject({ id: failed[0], state: 'failed', attempts: [{ outcome: 'failed' }] });
    expect(detail.attempts[0]!.error!.stack).toContain('Boom 1');
    expect(detail.actions.map((a) => a.command)).toEqual([
      `symphony messages:retry ${failed[0]} --queue work`,
      `symphony messages:remove ${failed[0]} --queue work`,
    ]);

    const [retried, promoted, removed] = await Promise.all([
      symphony('messages:retry', failed[0]!),
      symphony('messages:promote', delayed, '--queue', 'work'),
      symphony('messages:remove', failed[2]!, '--json'),
    ]);
    expect(retried).toMatchObject({ code: 0, stdout: `retried ${failed[0]} (queue work)\n` });
    expect(promoted).toMatchObject({ code: 0, stdout: `promoted ${delayed} (queue work)\n` });
    expect(JSON.parse(removed.stdout)).toEqual({ id: failed[2], queue: 'other', action: 'remove' });
    expect((await bus.stats(['work', 'other'])).work).toMatchObject({
      failed: 1,
      delayed: 0,
      prioritized: 2,
    });
  });

  it('bad input and unknown ids are one-line errors', async () => {
    const [unknown, conflict, badState, badLimit, syncQueue, badCursor] = await Promise.all([
      symphony('messages:show', 'no-such-id'),
      symphony('messages:promote', failed[0]!),
      symphony('messages:search', '--state', 'lost'),
      symphony('messages:search', '--limit', '501'),
      symphony('messages:search', '--queue', 'direct'),
      symphony('messages:search', '--cursor', 'nope'),
    ]);
    oneLineError(unknown, /MESSAGE_NOT_FOUND.*no-such-id/);
    oneLineError(conflict, /MESSAGE_STATE_CONFLICT.*it is failed.*only a delayed message/);
    oneLineError(badState, /--state.*expected states among active, waiting/);
    oneLineError(badLimit, /--limit.*at most 500/);
    oneLineError(syncQueue, /UNSUPPORTED.*"direct".*sync/);
    expect(badCursor).toMatchObject({ code: 1, stdout: '' });
    expect(badCursor.stderr).toMatch(/VALIDATION_FAILED.*\n\s+cursor: /);
  });
});
