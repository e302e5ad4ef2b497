import { ConfigError } from '../../../src/errors';
import { normalizeSchedule } from '../../../src/scheduler/normalize-schedule';
import { ScheduleConfigError } from '../../../src/scheduler/schedule-error';

/** The date `days` from now (YYYY-MM-DD, UTC). */
const soon = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const base = { id: 'nightly', message: 'test.ping', body: { n: 1 } };

function issuesOf(declaration: unknown): { field: string; problem: string }[] {
  try {
    normalizeSchedule(declaration);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ScheduleConfigError).issues;
  }
  throw new Error('expected a ScheduleConfigError');
}

describe('normalizeSchedule', () => {
  it('accepts 5-field, 6-field and alias cron expressions; tz defaults to UTC', () => {
    expect(normalizeSchedule({ ...base, cron: '*/5 * * * *' })).toMatchObject({ kind: 'cron', tz: 'UTC' });
    expect(normalizeSchedule({ ...base, cron: '0 */5 * * * *', tz: 'Europe/Paris' })).toMatchObject({
      tz: 'Europe/Paris',
    });
    expect(normalizeSchedule({ ...base, cron: '@daily' }).cron).toBe('@daily');
  });

  it('names the schedule, the field and the problem for a bad cron', () => {
    const error = (() => {
      try {
        normalizeSchedule({ ...base, cron: '61 * * * *' });
      } catch (e) {
        return e as ScheduleConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ScheduleConfigError);
    expect(error!.message).toMatch(
      /^Schedule "nightly": cron: "61 \* \* \* \*" is not a valid cron expression/,
    );
    expect(issuesOf({ ...base, cron: '* * *' })).toEqual([
      { field: 'cron', problem: expect.stringMatching(/3 field/) },
    ]);
    expect(issuesOf({ ...base, cron: '0 0 0 * * * *' })[0]!.field).toBe('cron');
    expect(issuesOf({ ...base, cron: '@hourlyish' })[0]!.field).toBe('cron');
    expect(issuesOf({ ...base, cron: 'H 3 * * *' })[0]!.problem).toMatch(/hashed/);
    expect(normalizeSchedule({ ...base, cron: '0 9 * * THU' }).cron).toBe('0 9 * * THU');
  });

  it('checks time zones against the IANA list', () => {
    expect(issuesOf({ ...base, cron: '@daily', tz: 'Mars/Olympus' })).toEqual([
      { field: 'tz', problem: expect.stringMatching(/not an IANA time zone/) },
    ]);
    expect(issuesOf({ ...base, cron: '@daily', tz: 'europe/paris' })[0]!.problem).toMatch(
      /use "Europe\/Paris"/,
    );
    expect(normalizeSchedule({ ...base, cron: '@daily', tz: 'UTC' }).tz).toBe('UTC');
    expect(issuesOf({ ...base, every: 1000, tz: 'Europe/Paris' })[0]).toMatchObject({ field: 'tz' });
  });

  it('wants exactly one of cron, every or at', () => {
    expect(issuesOf(base)[0]).toMatchObject({
      field: 'cron',
      problem: 'give exactly one of cron, every or at',
    });
    expect(issuesOf({ ...base, cron: '@daily', every: 1000 })[0]!.field).toBe('cron/every');
  });

  it('normalises times to epoch ms and checks their order and use', () => {
    const day = soon(30); // times at most a year ahead (src/bus/limits.ts)
    const spec = normalizeSchedule({
      ...base,
      every: 60_000,
      startDate: `${day}T00:00:00+01:00`,
      endDate: new Date(`${soon(60)}T00:00:00Z`),
      limit: 10,
    });
    expect(spec).toMatchObject({
      kind: 'every',
      every: 60_000,
      startDate: Date.parse(`${day}T00:00:00+01:00`),
      limit: 10,
    });
    expect(issuesOf({ ...base, every: 1000, startDate: 2000, endDate: 1000 })[0]!.field).toBe('endDate');
    expect(issuesOf({ ...base, at: `${day}T09:00:00` })[0]!.field).toBe('at'); // no offset
    expect(issuesOf({ ...base, at: `${day}T09:00:00Z`, limit: 2 })[0]!.field).toBe('limit');
  });

  it('rejects unknown fields, bad ids and bad values with their field', () => {
    expect(issuesOf({ ...base, cron: '@daily', timezone: 'UTC' })).toEqual([
      { field: 'timezone', problem: 'unknown field' },
    ]);
    expect(issuesOf({ ...base, id: 'a:b', cron: '@daily' })[0]!.field).toBe('id');
    expect(issuesOf({ ...base, every: 0 })[0]!.field).toBe('every');
    expect(issuesOf({ ...base, cron: '@daily', catchUp: 'all' })[0]!.field).toBe('catchUp');
    expect(issuesOf({ ...base, cron: '@daily', priority: 'urgent' })[0]!.field).toBe('priority');
  });
});
