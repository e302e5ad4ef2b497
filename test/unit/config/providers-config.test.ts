import { providersConfigFromEnv, smsWebhookConfigFromEnv } from '../../../src/config/providers-config';
import { ConfigError } from '../../../src/errors';

describe('providers from the environment', () => {
  it('log providers when nothing is set, outside production', () => {
    expect(providersConfigFromEnv({})).toEqual({
      email: { kind: 'log' },
      sms: { kind: 'log' },
      timeoutMs: 10_000,
    });
  });

  it('SMTP when SMTP_URL is set, Message-ID domain from EMAIL_FROM unless given', () => {
    const env = { SMTP_URL: 'smtps://u:p@smtp.example.com:465', EMAIL_FROM: 'Acme <news@acme.example>' };
    expect(providersConfigFromEnv(env).email).toEqual({
      kind: 'smtp',
      url: env.SMTP_URL,
      from: env.EMAIL_FROM,
      messageIdDomain: 'acme.example',
    });
    expect(
      providersConfigFromEnv({ ...env, EMAIL_MESSAGE_ID_DOMAIN: 'mail.acme.example' }).email,
    ).toMatchObject({
      messageIdDomain: 'mail.acme.example',
    });
  });

  it('Twilio when its account is set; a Messaging Service SID works as the sender', () => {
    const env = {
      TWILIO_ACCOUNT_SID: 'AC1',
      TWILIO_AUTH_TOKEN: 'tok',
      TWILIO_FROM: 'MG1',
      TWILIO_BASE_URL: 'http://127.0.0.1:9/',
    };
    expect(providersConfigFromEnv(env).sms).toEqual({
      kind: 'twilio',
      baseUrl: 'http://127.0.0.1:9',
      accountSid: 'AC1',
      authToken: 'tok',
      from: 'MG1',
    });
  });

  it.each([
    [{ SMTP_URL: 'smtp://localhost:25' }, /EMAIL_FROM/],
    [{ SMTP_URL: 'http://localhost:25' }, /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/],
    [{ TWILIO_ACCOUNT_SID: 'AC1' }, /needs TWILIO_AUTH_TOKEN, TWILIO_FROM/],
    [{ EMAIL_PROVIDER: 'smtp' }, /EMAIL_PROVIDER=smtp needs SMTP_URL/],
    [{ NODE_ENV: 'production', SMS_PROVIDER: 'log' }, /No e-mail provider in production/],
    [{ NODE_ENV: 'production', EMAIL_PROVIDER: 'log' }, /No SMS provider in production/],
    [{ PROVIDER_TIMEOUT_MS: '5' }, /PROVIDER_TIMEOUT_MS/],
  ])('refuses %j, saying what to set', (env, message) => {
    expect(() => providersConfigFromEnv(env)).toThrow(ConfigError);
    expect(() => providersConfigFromEnv(env)).toThrow(message);
  });

  it('production accepts the log providers when asked for by name', () => {
    const env = { NODE_ENV: 'production', EMAIL_PROVIDER: 'log', SMS_PROVIDER: 'log' };
    expect(providersConfigFromEnv(env)).toMatchObject({ email: { kind: 'log' }, sms: { kind: 'log' } });
  });

  it('the SMS webhook checks signatures with the Twilio auth token, over the public URL', () => {
    expect(smsWebhookConfigFromEnv({})).toEqual({ environment: 'development' });
    expect(
      smsWebhookConfigFromEnv({
        TWILIO_AUTH_TOKEN: 'tok',
        SYMPHONY_PUBLIC_URL: 'https://app.example.com/',
        NODE_ENV: 'production',
      }),
    ).toEqual({ environment: 'production', authToken: 'tok', publicUrl: 'https://app.example.com' });
  });
});
