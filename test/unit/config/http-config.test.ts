import { parseEnv } from '../../../src/config/env';
import { defaultHttpConfig, httpConfigFromEnv } from '../../../src/config/http-config';
import { ConfigError } from '../../../src/errors';

const token = (c: string) => c.repeat(32);

describe('HTTP config from the environment', () => {
  it('reads tokens per role as comma-separated lists, trimmed', () => {
    const config = httpConfigFromEnv(
      parseEnv({
        SYMPHONY_ADMIN_TOKENS: ` ${token('a')} , ${token('b')} `,
        SYMPHONY_VIEWER_TOKENS: token('v'),
        CRON_SECRET: token('c'),
      }),
    );
    expect(config.tokens).toEqual({ admin: [token('a'), token('b')], dispatcher: [], viewer: [token('v')] });
    expect(config.cronSecret).toBe(token('c'));
  });

  it('has secure, documented defaults', () => {
    const config = httpConfigFromEnv(parseEnv({}));
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      bodyLimitBytes: 256 * 1024,
      dispatchRateLimit: { max: 600, windowMs: 60_000 },
    });
  });

  it('takes the port from SYMPHONY_HTTP_PORT, else PORT (set by most platforms)', () => {
    expect(httpConfigFromEnv(parseEnv({ PORT: '8080' })).port).toBe(8080);
    expect(httpConfigFromEnv(parseEnv({ PORT: '8080', SYMPHONY_HTTP_PORT: '9000' })).port).toBe(9000);
  });

  it('refuses short tokens and one token shared by two roles', () => {
    expect(() => httpConfigFromEnv(parseEnv({ SYMPHONY_ADMIN_TOKENS: 'short' }))).toThrow(ConfigError);
    expect(() =>
      httpConfigFromEnv(parseEnv({ SYMPHONY_ADMIN_TOKENS: token('a'), SYMPHONY_VIEWER_TOKENS: token('a') })),
    ).toThrow(/also set in SYMPHONY_ADMIN_TOKENS/);
    expect(() => defaultHttpConfig({ cronSecret: 'tiny' })).toThrow(/CRON_SECRET/);
  });
});
