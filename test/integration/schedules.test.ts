import { ConfigError } from '../../src/errors';
import { SCHEDULE_HEADER } from '../../src/scheduler/schedule-template';
import type { ScheduleConfigError } from '../../src/scheduler/schedule-error';
import { eventually } from '../helpers/bus';
import {
  closeScheduleFixtures,
  pingSchedule,
  scheduleDsns,
  scheduleFixture,
  sleep,
} from '../helpers/schedules';

afterEach(closeScheduleFixtures);

const dueTimes = (seen: { dispatchedAt: string }[]) => seen.map((e) => Date.parse(e.dispatchedAt));

describe.each(scheduleDsns())('schedules on %s', (_name, dsn) => {
  it('fires an every:1000 schedule again and again, each run its own handled message', async () => {
    const f = scheduleFixture(dsn, [pingSchedule('tick', { every: 1000 })]);
    const report = await f.schedules.sync();
    expect(report.changes).toEqual([{ action: 'add', id: 'tick', queue: f.queue, fields: [] }]);
    f.consume();
    await eventually(() => f.seen.length >= 3);
    const ids = f.seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^repeat:tick:\d+$/);
    expect(f.seen[0]!.headers[SCHEDULE_HEADER]).toBe('tick');
    expect(f.seen[0]!.correlationId).toBe(ids[0]);
    const listed = await f.schedules.get('tick');
    expect(listed).toMatchObject({ kind: 'every', expression: '1000 ms', origin: 'code', paused: false });
    expect(listed.next).toHaveLength(3);
    expect(listed.lastRun).not.toBeNull();
  });

  it('produces one message per due time with two workers on the same queue', async () => {
    const declarations = [pingSchedule('shared', { every: 500 })];
    const a = scheduleFixture(dsn, declarations);
    const b = scheduleFixture(dsn, declarations, { share: a });
    await Promise.all([a.schedules.sync(), b.schedules.sync()]);
    a.consume();
    b.consume();
    await eventually(() => a.seen.length + b.seen.length >= 5);
    const all = [...a.seen, ...b.seen];
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(new Set(dueTimes(all)).size).toBe(all.length);
  });

  it('syncs idempotently, shows the diff on a dry run, and removes a dropped declaration', async () => {
    const daily = pingSchedule('daily', { cron: '0 7 * * *', tz: 'Europe/Paris' });
    const hourly = pingSchedule('hourly', { cron: '@hourly' });
    const f = scheduleFixture(dsn);
    const first = await f.schedules.sync({ declarations: [daily, hourly] });
    expect(first.changes.map((c) => `${c.action} ${c.id}`)).toEqual(['add daily', 'add hourly']);
    const before = await f.schedules.list();
    const second = await f.schedules.sync({ declarations: [daily, hourly] });
    expect(second.changes).toEqual([]);
    expect(second.unchanged).toEqual(['daily', 'hourly']);
    expect(await f.schedules.list()).toEqual(before);

    const changedDaily = { ...daily, cron: '0 8 * * *' };
    const dry = await f.schedules.sync({ declarations: [changedDaily], dryRun: true });
    expect(dry.changes).toEqual([
      { action: 'change', id: 'daily', queue: f.queue, fields: ['cron'] },
      { action: 'remove', id: 'hourly', queue: f.queue, fields: [] },
    ]);
    expect(await f.schedules.list()).toEqual(before); // nothing written

    await f.schedules.sync({ declarations: [changedDaily] });
    const after = await f.schedules.list();
    expect(after.map((s) => [s.id, s.expression])).toEqual([['daily', '0 8 * * *']]);
    expect(new Date(after[0]!.next[0]!).getUTCMinutes()).toBe(0);
  });

  it('leaves a runtime schedule alone when syncing the declared ones', async () => {
    const f = scheduleFixture(dsn);
    await f.schedules.add(pingSchedule('adhoc', { cron: '*/10 * * * *' }));
    await f.schedules.sync({ declarations: [pingSchedule('declared', { every: 60_000 })] });
    await f.schedules.sync({ declarations: [] });
    expect((await f.schedules.list()).map((s) => [s.id, s.origin])).toEqual([['adhoc', 'runtime']]);
    await expect(f.schedules.add(pingSchedule('adhoc', { every: 1000 }))).rejects.toThrow(/already exists/);
  });

  it('runs a schedule now without moving its timetable', async () => {
    const f = scheduleFixture(dsn, [pingSchedule('yearly', { cron: '0 0 1 1 *' })]);
    await f.schedules.sync();
    const before = await f.schedules.get('yearly');
    f.consume();
    const result = await f.schedules.run('yearly');
    await eventually(() => f.seen.length === 1);
    expect(f.seen[0]).toMatchObject({ id: result.id, headers: { [SCHEDULE_HEADER]: 'yearly' } });
    expect((await f.schedules.get('yearly')).next).toEqual(before.next);
  });

  it('stops firing on pause and restarts on resume', async () => {
    const f = scheduleFixture(dsn, [pingSchedule('pulse', { every: 400 })]);
    await f.schedules.sync();
    f.consume();
    await eventually(() => f.seen.length >= 1);
    await f.schedules.pause('pulse');
    expect(await f.schedules.get('pulse')).toMatchObject({ paused: true, next: [] });
    // A run already due when paused still runs (docs/schedules.md): wait until none is left queued.
    await eventually(async () => {
      const counts = (await f.bus.stats([f.queue]))[f.queue]!;
      return counts.waiting + counts.prioritized + counts.active + counts.delayed === 0;
    });
    const atPause = f.seen.length;
    await sleep(1200);
    expect(f.seen.length).toBe(atPause);
    // a sync keeps it paused
    expect((await f.schedules.sync()).changes).toEqual([]);
    await f.schedules.resume('pulse');
    await eventually(() => f.seen.length > atPause);
    expect((await f.schedules.get('pulse')).paused).toBe(false);
  });

  it('sends a one-off `at` schedule once, however often it is synced', async () => {
    const declarations = [pingSchedule('once', { at: Date.now() + 800, catchUp: 'last' })];
    const f = scheduleFixture(dsn, declarations);
    await f.schedules.sync();
    await f.schedules.sync();
    const second = scheduleFixture(dsn, declarations, { share: f });
    await second.schedules.sync();
    expect((await f.schedules.get('once')).next).toHaveLength(1);
    f.consume();
    await eventually(() => f.seen.length === 1);
    await sleep(500);
    expect(f.seen).toHaveLength(1);
    await f.schedules.sync();
    await f.schedules.pause('once');
    await f.schedules.resume('once'); // already sent: catchUp 'last' does not send it again
    await sleep(300);
    expect(f.seen).toHaveLength(1);
    expect(await f.schedules.get('once')).toMatchObject({ next: [], lastRun: expect.any(String) });
  });

  it('withdraws a one-off on pause or change and sends the current one once', async () => {
    const at = Date.now() + 1_200;
    const f = scheduleFixture(dsn);
    await f.schedules.sync({ declarations: [pingSchedule('once', { at, body: { n: 1 } })] });
    await f.schedules.pause('once');
    await f.schedules.resume('once');
    const report = await f.schedules.sync({ declarations: [pingSchedule('once', { at, body: { n: 2 } })] });
    expect(report.changes).toEqual([{ action: 'change', id: 'once', queue: f.queue, fields: ['body'] }]);
    f.consume();
    await eventually(() => f.seen.length === 1);
    await sleep(500);
    expect(f.seen.map((e) => e.body)).toEqual([{ n: 2 }]);
  });

  it('keeps counting toward limit across pause and resume', async () => {
    const f = scheduleFixture(dsn, [pingSchedule('thrice', { every: 300, limit: 3 })]);
    await f.schedules.sync();
    f.consume();
    await eventually(() => f.seen.length >= 1);
    await f.schedules.pause('thrice');
    await sleep(300);
    const before = f.seen.length;
    await f.schedules.resume('thrice');
    await eventually(() => f.seen.length === 3);
    await sleep(900);
    expect(f.seen).toHaveLength(3);
    expect(before).toBeLessThan(3);
  });

  it('counts toward limit a due run that waits for a worker at the pause: it still runs, and resume adds no extra', async () => {
    // An `every` schedule is due at once: its first run is queued for a worker, no longer delayed,
    // and stays queued when the scheduler goes at the pause.
    const f = scheduleFixture(dsn, [pingSchedule('due', { every: 60_000, limit: 2 })]);
    await f.schedules.sync();
    const queued = async () => {
      const { waiting, prioritized } = (await f.bus.stats([f.queue]))[f.queue]!;
      return waiting + prioritized;
    };
    await eventually(queued, (n) => n === 1);
    const paused = await f.schedules.pause('due');
    expect(paused.runsBeforePause).toBe(1);
    expect(await queued()).toBe(1);
    await f.schedules.resume('due');
    f.consume();
    await eventually(() => f.seen.length >= 2);
    await sleep(900);
    expect(f.seen).toHaveLength(2); // the queued run and the resumed timetable's first: limit 2
    expect((await f.schedules.get('due')).next).toEqual([]);
  });

  it('stops after limit runs', async () => {
    const f = scheduleFixture(dsn, [pingSchedule('twice', { every: 300, limit: 2 })]);
    await f.schedules.sync();
    f.consume();
    await eventually(() => f.seen.length === 2);
    await sleep(900);
    expect(f.seen).toHaveLength(2);
    expect((await f.schedules.get('twice')).next).toEqual([]);
  });

  it.each([
    ['none', 'skipped'],
    ['last', 'caughtUp'],
  ] as const)('handles a run missed while no worker ran (catchUp %s)', async (catchUp, bucket) => {
    const f = scheduleFixture(dsn, [pingSchedule('missed', { cron: '*/1 * * * * *', catchUp })], {
      missedAfterMs: 500,
    });
    await f.schedules.sync();
    await sleep(2_000); // no worker: the pending run stays overdue
    const syncedAt = Date.now();
    const report = await f.schedules.sync();
    expect(report[bucket]).toEqual(['missed']);
    f.consume();
    await eventually(() => f.seen.length >= 1);
    const firstDue = dueTimes(f.seen)[0]!;
    if (catchUp === 'none') expect(firstDue).toBeGreaterThan(syncedAt - 1000);
    else expect(firstDue).toBeLessThan(syncedAt - 500);
  });

  it('rejects an invalid cron or time zone with the field named, before writing anything', async () => {
    const f = scheduleFixture(dsn);
    const good = pingSchedule('good', { every: 1000 });
    const badCron = pingSchedule('bad-cron', { cron: '*/5 * * *' });
    const error = (await f.schedules
      .sync({ declarations: [good, badCron] })
      .catch((e) => e)) as ScheduleConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^Schedule "bad-cron": cron: /);
    const badTz = pingSchedule('bad-tz', { cron: '@daily', tz: 'Europe/Pariss' });
    await expect(f.schedules.add(badTz)).rejects.toThrow(
      /^Schedule "bad-tz": tz: "Europe\/Pariss" is not an IANA/,
    );
    expect(await f.schedules.list()).toEqual([]);
  });
});
