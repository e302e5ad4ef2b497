import { checkAlerts } from '../../../src/alerts/alerts-definition';
import { webhookNotifier } from '../../../src/alerts/notifiers/webhook-notifier';
import { emailNotifier } from '../../../src/alerts/notifiers/email-notifier';
import { ConfigError } from '../../../src/errors';
import type { AlertRuleInput } from '../../../src/alerts/alert-rules';
import { configErrorFields } from '../../helpers/config-errors';

const fieldsOf = configErrorFields;

describe('alert settings are checked at start, field by field', () => {
  it('fills defaults and accepts every kind', () => {
    const settings = checkAlerts(
      {
        rules: [
          { id: 'a', kind: 'failure-rate', queue: 'emails', above: 0.1 },
          { id: 'b', kind: 'failed-growth', queue: 'emails', above: 10 },
          { id: 'c', kind: 'oldest-waiting', queue: 'emails', olderThanMs: 60_000 },
          { id: 'd', kind: 'queue-depth', queue: 'emails', above: 1000 },
          { id: 'e', kind: 'no-worker', queue: 'emails', forMs: 300_000 },
          { id: 'f', kind: 'schedule-missed' },
        ],
      },
      ['emails'],
    );
    expect(settings.cooldownMs).toBe(600_000);
    expect(settings.rules[0]).toMatchObject({ windowMs: 300_000, minMessages: 10, severity: 'warning' });
    expect(settings.rules[3]).toMatchObject({ states: ['waiting', 'prioritized'] });
    expect(settings.rules[5]).toMatchObject({ graceMs: 60_000 });
  });

  it('names each wrong field: unknown kind, out of range, unknown queue, duplicate id, stray field', () => {
    const fields = fieldsOf(() =>
      checkAlerts(
        {
          rules: [
            { id: 'a', kind: 'failure-rate', queue: 'emails', above: 1.5 },
            { id: 'b', kind: 'queue-depth', queue: 'nope', above: 1 },
            { id: 'b', kind: 'queue-depth', queue: 'emails', above: 1 },
            { id: 'c', kind: 'latency' } as unknown as AlertRuleInput,
            {
              id: 'd',
              kind: 'no-worker',
              queue: 'emails',
              forMs: 60_000,
              treshold: 3,
            } as unknown as AlertRuleInput,
          ],
          cooldownMs: -1,
        },
        ['emails'],
      ),
    );
    const paths = fields.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'alerts.rules.0.above',
        'alerts.rules.1.queue',
        'alerts.rules.2.id',
        'alerts.rules.3.kind',
        'alerts.rules.4',
        'alerts.cooldownMs',
      ]),
    );
    expect(fields.find((f) => f.path === 'alerts.rules.1.queue')!.message).toContain('known: emails');
  });

  it('refuses a notifier that is not one, and a webhook URL that is not http(s)', () => {
    const fields = fieldsOf(() => checkAlerts({ rules: [], notify: [{} as never] }, []));
    expect(fields[0]!.path).toBe('alerts.notify.0');
    expect(() => webhookNotifier({ url: 'ftp://example.com' })).toThrow(ConfigError);
    expect(() => webhookNotifier({ url: 'not a url' })).toThrow(ConfigError);
    expect(() => emailNotifier({ to: [], send: async () => undefined })).toThrow(ConfigError);
  });

  it('shows no secret in a notifier name: a chat webhook path is its token', () => {
    const slack = webhookNotifier({
      url: 'https://hooks.slack.com/services/T000/B000/XXXXSECRET',
      format: 'slack',
    });
    expect(slack.name).toBe('webhook https://hooks.slack.com (slack)');
  });
});
