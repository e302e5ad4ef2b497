import path from 'node:path';
import { redisUrl } from '../helpers/bus';
import { runCli } from '../fixtures/cli-process';

const SECRETS = {
  password: 'redis-pass-0123456789',
  token: 'admin-token-0123456789abcdef',
  smtp: 'smtp-pass-0123456789',
  webhook: 'T000/B000/hook-secret-0123456789',
};

describe('symphony config:show', () => {
  it('prints the effective configuration for NODE_ENV, every secret masked', async () => {
    const dsn = redisUrl().replace('redis://', `redis://:${SECRETS.password}@`);
    const { code, stdout, stderr } = await runCli(
      ['config:show'],
      {
        NODE_ENV: 'production',
        SYMPHONY_TRANSPORT_DSN: dsn,
        SYMPHONY_ADMIN_TOKENS: SECRETS.token,
        SMTP_URL: `smtps://mailer:${SECRETS.smtp}@smtp.example.com:465`,
        EMAIL_FROM: 'Ops <ops@example.com>',
        SMS_PROVIDER: 'log',
        ALERT_WEBHOOK_URL: `https://hooks.slack.com/services/${SECRETS.webhook}`,
        ALERT_WEBHOOK_FORMAT: 'slack',
        ALERT_EMAIL_TO: 'oncall@example.com',
      },
      60_000,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const secret of Object.values(SECRETS)) expect(stdout).not.toContain(secret);
    const shown = JSON.parse(stdout);
    expect(shown.environment).toBe('production');
    expect(shown.transport.defaultDsn).toMatch(/^redis:\/\/:\*\*\*\*@127\.0\.0\.1:\d+$/);
    expect(shown.http.tokens.admin).toEqual(['****']);
    expect(shown.providers.email.url).toBe('smtps://mailer:****@smtp.example.com:465');
    // queues/environments.ts: production raises the e-mail workers' concurrency
    expect(shown.queues.emails).toMatchObject({ concurrency: 20, workerConcurrency: 20 });
    expect(shown.alerts.notifiers).toEqual([
      'log',
      'webhook https://hooks.slack.com (slack)',
      'email oncall@example.com',
    ]);
    expect(shown.alerts.webhookUrl).toBe('https://hooks.slack.com/****');
    expect(shown.alerts.rules.map((r: { id: string }) => r.id)).toContain('no-email-worker');
  });

  it('refuses an app whose per-environment settings are wrong, naming the field', async () => {
    const { code, stdout, stderr } = await runCli(
      ['config:show'],
      {
        SYMPHONY_TRANSPORT_DSN: 'memory://',
        SYMPHONY_APP: path.resolve(__dirname, '../fixtures/bad-environment-app.ts'),
      },
      60_000,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('error: CONFIG_INVALID');
    expect(stderr).toContain('environments.production.queues.wrok: not a queue; known: work');
  });
});
