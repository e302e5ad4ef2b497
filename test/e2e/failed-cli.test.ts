import path from 'node:path';
import type { FailedMessage } from '../../src/transport/capabilities';
import { closeTestBuses, redisUrl, testBus, uniquePrefix } from '../helpers/bus';
import { failMessages, twoQueueApp } from '../helpers/failed';
import { runCli } from '../fixtures/cli-process';

const APP = path.resolve(__dirname, '../fixtures/failed-app.ts');

afterEach(closeTestBuses);

/** The failed:* commands against a real Redis whose failed messages a test bus produced. */
describe('symphony failed:* CLI', () => {
  jest.setTimeout(120_000); // many process starts on a shared 2-core machine

  let env: Record<string, string>;
  let bus: ReturnType<typeof testBus>;
  let ids: string[];
  beforeEach(async () => {
    const prefix = uniquePrefix();
    env = {
      SYMPHONY_TRANSPORT_DSN: redisUrl(),
      SYMPHONY_REDIS_PREFIX: prefix,
      SYMPHONY_APP: APP,
      LOG_LEVEL: 'warn',
    };
    bus = testBus(twoQueueApp(), { redisPrefix: prefix });
    ids = await failMessages(bus, [1, 2, 'orphan', 3]); // ping 1, 2, 3 on work; orphan on other
  });

  const symphony = (...args: string[]) => runCli(args, env, 30_000);
  const listJson = async (...args: string[]) => {
    const { code, stdout, stderr } = await symphony('failed:list', '--json', ...args);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(stdout) as { items: FailedMessage[]; total?: number; hasMore: boolean };
  };
  const oneLineError = (out: { code: number | null; stdout: string; stderr: string }, text: RegExp) => {
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^error: [^\n]+\n$/);
    expect(out.stderr).toMatch(text);
  };

  it('failed:list filters and pages, as JSON and as a table', async () => {
    const [all, orphans, grep, page, future] = await Promise.all([
      listJson(),
      listJson('--type', 'test.orphan'),
      listJson('--grep', 'BOOM 2'),
      listJson('--queue', 'work', '--limit', '2'),
      listJson('--since', '2999-01-01', '--until', '2999-12-31T00:00:00Z'),
    ]);
    expect(all.total).toBe(4);
    expect(all.items.map((m) => m.id).sort()).toEqual([...ids].sort());
    expect(orphans.items.map((m) => m.id)).toEqual([ids[2]]);
    expect(grep.items.map((m) => m.envelope.body)).toEqual([{ n: 2 }]);
    expect(page).toMatchObject({ total: 3, hasMore: true });
    expect(page.items).toHaveLength(2);
    expect(future.items).toEqual([]);

    const table = await symphony('failed:list', '--queue', 'other');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^id\s+queue\s+type\s+failed at\s+attempts\n/);
    expect(table.stdout).toContain(`${ids[2]}  other  test.orphan`);
    expect(table.stdout).toMatch(/\n {2}error: [^\n]*\n/); // the error in full, on its own line
    expect(table.stdout).toMatch(/\(1-1 of 1\)\n$/);
  });

  it('failed:show prints one message; an unknown id is a one-line error', async () => {
    const shown = await symphony('failed:show', ids[1]!);
    expect(shown.code).toBe(0);
    const message = JSON.parse(shown.stdout) as FailedMessage;
    expect(message).toMatchObject({ id: ids[1], queue: 'work', type: 'test.ping', attemptsMade: 1 });
    expect(message.error.message).toContain('Boom 2');
    expect(message.error.stack).toContain('Boom 2');
    oneLineError(await symphony('failed:show', ids[1]!, '--queue', 'other'), /FAILED_NOT_FOUND.*"other"/);
  });

  it('failed:retry <id> puts it back on its queue; bad input exits 1 with one line', async () => {
    const retried = await symphony('failed:retry', ids[0]!);
    expect(retried).toMatchObject({ code: 0, stdout: `retried ${ids[0]} (work)\n` });
    expect((await bus.stats(['work'])).work).toMatchObject({ failed: 2, prioritized: 1 });

    const [none, both, filterWithoutAll, badDate, unknown] = await Promise.all([
      symphony('failed:retry'),
      symphony('failed:retry', ids[1]!, '--all'),
      symphony('failed:remove', ids[1]!, '--type', 'test.ping'),
      symphony('failed:retry', '--all', '--until', 'last tuesday'),
      symphony('failed:remove', 'no-such-id'),
    ]);
    oneLineError(none, /message ids, or --all/);
    oneLineError(both, /not both/);
    oneLineError(filterWithoutAll, /need --all/);
    oneLineError(badDate, /--until.*ISO 8601/);
    oneLineError(unknown, /FAILED_NOT_FOUND.*no-such-id/);
    expect((await bus.stats(['work'])).work).toMatchObject({ failed: 2, prioritized: 1 });
  });

  it('failed:remove --all with filters reports progress on stderr; failed:stats counts the rest', async () => {
    const removed = await symphony('failed:remove', '--all', '--type', 'test.*', '--grep', 'boom');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe('removed 3 failed message(s) of 3 matched\n');
    expect(removed.stderr).toMatch(/^removed 3 of 3 matched so far \(\d+ read\)$/m);

    const stats = await symphony('failed:stats', '--json');
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({
      total: 1,
      byQueue: [{ key: 'other', count: 1 }],
      byType: [{ key: 'test.orphan', count: 1 }],
    });
    const table = await symphony('failed:stats');
    expect(table.stdout).toMatch(/^failed messages: 1\n/);
    expect(table.stdout).toMatch(/test\.orphan\s+1\n/);

    const retried = await symphony('failed:retry', '--all', '--json');
    expect(JSON.parse(retried.stdout)).toMatchObject({ done: 1, matched: 1 });
    expect((await listJson()).total).toBe(0);
  });
});
