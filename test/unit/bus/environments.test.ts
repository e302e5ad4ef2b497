import { z } from 'zod';
import { defineApp, type AppDefinition } from '../../../src/bus/app-definition';
import { applyEnvironment } from '../../../src/bus/environments';
import { createSymphony } from '../../../src/bus/symphony';
import { defaultConfig } from '../../../src/config/config';
import { defineMessage } from '../../../src/message/define-message';
import { defineSchedule } from '../../../src/scheduler/schedule-declaration';
import { createLogger } from '../../../src/logger';
import { configErrorFields } from '../../helpers/config-errors';

const mail = defineMessage('mail.send', z.object({ to: z.string() }), { retry: { maxRetries: 2 } });

function app(environments: AppDefinition['environments']): AppDefinition {
  return defineApp({
    messages: [mail],
    routing: { 'mail.*': 'mail' },
    queues: { mail: { concurrency: 2, retry: { maxRetries: 3, delay: 1000 } } },
    schedules: [defineSchedule({ id: 'digest', message: mail, body: { to: 'a@b.c' }, cron: '0 7 * * *' })],
    alerts: {
      rules: [{ id: 'slow', kind: 'oldest-waiting', queue: 'mail', olderThanMs: 60_000 }],
      cooldownMs: 5000,
    },
    environments,
  });
}

const fieldsOf = configErrorFields;

describe('per-environment settings (environments in the app definition)', () => {
  const overrides: AppDefinition['environments'] = {
    production: {
      queues: { mail: { concurrency: 20, retry: { delay: 5000 } } },
      retry: { 'mail.send': { maxRetries: 6 } },
      alerts: { rules: { slow: { olderThanMs: 300_000 } }, cooldownMs: 900_000 },
      schedules: { digest: { cron: '0 6 * * *', tz: 'Europe/Paris' } },
    },
    test: { alerts: { rules: { slow: false } }, schedules: { digest: false } },
  };

  it('merges the running environment over the base, field by field', () => {
    const prod = applyEnvironment(app(overrides), 'production');
    expect(prod.queues!.mail).toEqual({ concurrency: 20, retry: { maxRetries: 3, delay: 5000 } });
    expect(prod.messages[0]!.options.retry).toEqual({ maxRetries: 6 });
    expect(prod.alerts!.rules[0]).toMatchObject({ id: 'slow', olderThanMs: 300_000 });
    expect(prod.alerts!.cooldownMs).toBe(900_000);
    expect(prod.schedules![0]).toMatchObject({ id: 'digest', cron: '0 6 * * *', tz: 'Europe/Paris' });
  });

  it('leaves out what an environment turns off, and leaves the base alone elsewhere', () => {
    const test = applyEnvironment(app(overrides), 'test');
    expect(test.alerts!.rules).toEqual([]);
    expect(test.schedules).toEqual([]);
    const dev = applyEnvironment(app(overrides), 'development');
    expect(dev.queues!.mail!.concurrency).toBe(2);
    expect(dev.schedules).toHaveLength(1);
  });

  it('is what createSymphony runs with, for config.environment', () => {
    const bus = createSymphony(
      app(overrides),
      defaultConfig({ environment: 'production', defaultDsn: 'memory://' }),
      {
        logger: createLogger('silent'),
      },
    );
    expect(bus.queues.options('mail').concurrency).toBe(20);
    expect(bus.queues.retryFor('mail', 'mail.send').options).toMatchObject({ maxRetries: 6, delay: 5000 });
  });

  it('checks every environment at start (not only the running one), naming each wrong field', () => {
    const fields = fieldsOf(() =>
      applyEnvironment(
        app({
          production: {
            queues: { mial: { concurrency: 2 }, mail: { concurrency: 0 } },
            retry: { 'mail.sned': { maxRetries: 1 } },
            alerts: { rules: { slwo: false } },
            schedules: { nightly: false },
          },
          staging: {},
        } as AppDefinition['environments']),
        'development',
      ),
    );
    expect(fields.map((f) => f.path)).toEqual(
      expect.arrayContaining(['environments.production.queues.mail.concurrency', 'environments.staging']),
    );
    const second = fieldsOf(() =>
      applyEnvironment(
        app({
          production: {
            queues: { mial: { concurrency: 2 } },
            retry: { 'mail.sned': { maxRetries: 1 } },
            alerts: { rules: { slwo: false } },
            schedules: { nightly: false },
          },
        }),
        'test',
      ),
    );
    expect(second).toEqual([
      { path: 'environments.production.queues.mial', message: 'not a queue; known: mail' },
      { path: 'environments.production.retry.mail.sned', message: 'not a message type; known: mail.send' },
      { path: 'environments.production.alerts.rules.slwo', message: 'not an alert rule id; known: slow' },
      {
        path: 'environments.production.schedules.nightly',
        message: 'not a declared schedule id; known: digest',
      },
    ]);
  });

  it('an override that breaks a rule fails the start with the rule field', () => {
    const broken = app({ production: { alerts: { rules: { slow: { olderThanMs: -1 } } } } });
    const fields = fieldsOf(() =>
      createSymphony(broken, defaultConfig({ environment: 'production', defaultDsn: 'memory://' })),
    );
    expect(fields[0]!.path).toBe('alerts.rules.0.olderThanMs');
  });
});
