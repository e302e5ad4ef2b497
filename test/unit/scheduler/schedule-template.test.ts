import { createSymphony } from '../../../src/bus/symphony';
import { defaultConfig } from '../../../src/config/config';
import { ConfigError } from '../../../src/errors';
import { createLogger } from '../../../src/logger';
import { normalizeSchedule } from '../../../src/scheduler/normalize-schedule';
import { ScheduleConfigError } from '../../../src/scheduler/schedule-error';
import { Schedules } from '../../../src/scheduler/schedules';
import { prepareTemplate, SCHEDULE_HEADER } from '../../../src/scheduler/schedule-template';
import { testApp } from '../../fixtures/test-app';

const bus = (overrides = {}) =>
  createSymphony(
    testApp([], {
      queues: { work: { retry: { maxRetries: 2 } }, quiet: { priorities: false } },
      ...overrides,
    }),
    defaultConfig({ defaultDsn: 'memory://' }),
    { logger: createLogger('silent') },
  );

describe('prepareTemplate', () => {
  it('builds the message as dispatch would: routing, priority number, attempts, schedule header', async () => {
    const { spec, template } = await prepareTemplate(
      bus(),
      normalizeSchedule({ id: 's1', message: 'test.ping', body: { n: 1 }, every: 1000, priority: 'high' }),
    );
    expect(spec.queue).toBe('work');
    expect(template.envelope).toMatchObject({
      type: 'test.ping',
      queue: 'work',
      headers: { [SCHEDULE_HEADER]: 's1' },
    });
    expect(template.options).toMatchObject({ attempts: 3, priority: 2000 });
  });

  it('validates the body against the message schema, field by field', async () => {
    const error = await prepareTemplate(
      bus(),
      normalizeSchedule({ id: 's1', message: 'test.ping', body: { n: 'x' }, every: 1000 }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ScheduleConfigError);
    expect((error as ScheduleConfigError).issues).toEqual([{ field: 'body.n', problem: expect.any(String) }]);
    expect(error.message).toMatch(/^Schedule "s1": body\.n: /);
  });

  it('names unknown types, unknown queues and priorities on a queue without them', async () => {
    const fieldOf = async (decl: object) =>
      (
        (await prepareTemplate(bus(), normalizeSchedule({ id: 's1', body: {}, every: 1000, ...decl })).catch(
          (e) => e,
        )) as ScheduleConfigError
      ).issues[0]!.field;
    expect(await fieldOf({ message: 'test.nope' })).toBe('message');
    expect(await fieldOf({ message: 'test.orphan', queue: 'elsewhere' })).toBe('queue');
    expect(await fieldOf({ message: 'test.orphan', queue: 'quiet', priority: 'high' })).toBe('priority');
  });

  it('refuses a queue whose transport cannot store schedules', async () => {
    const schedules = new Schedules(bus());
    await expect(
      schedules.prepare({ id: 's1', message: 'test.ping', body: { n: 1 }, every: 1000 }),
    ).rejects.toThrow(ConfigError);
    await expect(
      schedules.prepare({ id: 's1', message: 'test.ping', body: { n: 1 }, every: 1000 }),
    ).rejects.toThrow(/queue "work" is on a memory transport, which cannot store schedules/);
  });
});
