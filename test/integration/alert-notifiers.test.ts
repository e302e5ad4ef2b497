import { AlertEvaluator } from '../../src/alerts/alert-evaluator';
import { alertRuleSchema } from '../../src/alerts/alert-rules';
import { emailNotifier } from '../../src/alerts/notifiers/email-notifier';
import { webhookNotifier } from '../../src/alerts/notifiers/webhook-notifier';
import { createLogger } from '../../src/logger';
import { MemoryAlertStateStore } from '../../src/monitoring/memory-cluster-store';
import type { ClusterSnapshot } from '../../src/monitoring/cluster-snapshot';
import { createSmtpEmailProvider } from '../../handlers/providers/smtp-email-provider';
import { captureLogs } from '../helpers/bus';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { startWebhookSink } from '../helpers/webhook-sink';

const rule = alertRuleSchema.parse({
  id: 'mail-waiting',
  kind: 'oldest-waiting',
  queue: 'mail',
  olderThanMs: 60_000,
  severity: 'critical',
  summary: 'E-mails wait too long',
});
const snapshot = (at: number, age: number): ClusterSnapshot => ({
  at,
  queues: { mail: { oldestWaitingMs: age } },
  errors: [],
});

let sinks: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(sinks.map((s) => s.close()));
  sinks = [];
});
const track = <T extends { close(): Promise<void> }>(sink: T): T => (sinks.push(sink), sink);

describe('alert notifiers', () => {
  it('webhook: the notification as JSON, or in the Slack shape; a firing and its resolved share an id', async () => {
    const json = track(await startWebhookSink());
    const slack = track(await startWebhookSink());
    const notify = [webhookNotifier({ url: json.url }), webhookNotifier({ url: slack.url, format: 'slack' })];
    const evaluator = new AlertEvaluator(
      { rules: [rule], notifiers: notify, cooldownMs: 0 },
      new MemoryAlertStateStore(),
      createLogger('silent'),
      'production',
    );
    await evaluator.evaluate(snapshot(1_000_000, 120_000));
    await evaluator.evaluate(snapshot(1_060_000, 0));
    const [firing, resolved] = json.bodies;
    expect(firing).toEqual({
      status: 'firing',
      id: `mail-waiting@${new Date(1_000_000).toISOString()}`,
      rule: 'mail-waiting',
      kind: 'oldest-waiting',
      severity: 'critical',
      queue: 'mail',
      summary: 'E-mails wait too long',
      detail: 'the oldest waiting message has waited 120 s',
      value: 120_000,
      startsAt: new Date(1_000_000).toISOString(),
      environment: 'production',
    });
    expect(resolved).toMatchObject({
      status: 'resolved',
      id: firing!.id,
      endsAt: new Date(1_060_000).toISOString(),
    });
    expect(slack.bodies[0]).toMatchObject({
      text: '[FIRING] mail-waiting (critical): E-mails wait too long\nthe oldest waiting message has waited 120 s',
      attachments: [
        {
          color: '#d0021b',
          fields: expect.arrayContaining([{ title: 'Queue', value: 'mail', short: true }]),
        },
      ],
    });
    expect(slack.bodies[1]).toMatchObject({ text: expect.stringMatching(/^\[RESOLVED\] mail-waiting/) });
  });

  it('a receiver that fails is retried, and one that keeps failing leaves an error line (the others still get it)', async () => {
    let answers = [503, 500];
    const flaky = track(await startWebhookSink(() => answers.shift() ?? 200));
    const down = track(await startWebhookSink(() => 500));
    const fine = track(await startWebhookSink());
    const logs = captureLogs();
    const evaluator = new AlertEvaluator(
      {
        rules: [rule],
        notifiers: [
          webhookNotifier({ url: flaky.url }),
          webhookNotifier({ url: down.url }),
          webhookNotifier({ url: fine.url }),
        ],
        cooldownMs: 0,
      },
      new MemoryAlertStateStore(),
      createLogger('info', logs.stream),
      'test',
      5, // ms between attempts
    );
    await evaluator.evaluate(snapshot(0, 120_000));
    expect(flaky.bodies).toHaveLength(1); // third attempt
    expect(fine.bodies).toHaveLength(1);
    expect(down.bodies).toHaveLength(0);
    const lines = logs.lines.filter((l) => String(l.msg).startsWith('alert notification failed'));
    expect(lines.map((l) => [l.level, l.attempt])).toEqual(
      expect.arrayContaining([
        [40, 1],
        [40, 2],
        [50, 3],
      ]),
    );
    expect(logs.lines.find((l) => l.msg === 'alert firing: E-mails wait too long')).toMatchObject({
      alert: 'mail-waiting',
      status: 'firing',
    });
    answers = [];
  });

  it("e-mail: through the project's SMTP provider, one message per recipient", async () => {
    const smtp: SmtpSink = track(await startSmtpSink());
    const provider = createSmtpEmailProvider(
      {
        kind: 'smtp',
        url: `${smtp.url}?pool=false`,
        from: 'Symphony <alerts@example.com>',
        messageIdDomain: 'example.com',
      },
      10_000,
    );
    const logger = createLogger('silent');
    const evaluator = new AlertEvaluator(
      {
        rules: [rule],
        notifiers: [
          emailNotifier({
            to: ['ops@example.com', 'lead@example.com'],
            send: (mail) => provider.send(mail, logger),
          }),
        ],
        cooldownMs: 0,
      },
      new MemoryAlertStateStore(),
      logger,
      'production',
    );
    await evaluator.evaluate(snapshot(0, 120_000));
    await provider.close?.();
    expect(
      smtp.received
        .map((m) => m.to)
        .flat()
        .sort(),
    ).toEqual(['lead@example.com', 'ops@example.com']);
    expect(smtp.received[0]!.subject).toBe('[FIRING] mail-waiting (critical): E-mails wait too long');
    expect(smtp.received[0]!.raw).toContain('the oldest waiting message has waited 120 s');
    expect(smtp.received[0]!.messageId).toMatch(/^<alert-mail-waiting-.*-firing@example\.com>$/);
  });
});
