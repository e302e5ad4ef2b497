import { chooseStore, EMBEDDED_DSN, pingRedis } from '../../../src/transport/default-store';
import { configFromEnv } from '../../../src/config/config';
import { parseEnv } from '../../../src/config/env';
import { redisUrl } from '../../helpers/bus';
import { freePort } from '../../helpers/servers';

const fromEnv = (vars: Record<string, string>) => configFromEnv(parseEnv(vars));
const answers = (yes: boolean) => async () => yes;

describe('choosing the store when none is configured', () => {
  it('uses an explicit SYMPHONY_TRANSPORT_DSN as given, without probing', async () => {
    const probe = jest.fn(answers(false));
    const choice = await chooseStore(fromEnv({ SYMPHONY_TRANSPORT_DSN: 'postgres://db/app' }), probe);
    expect(choice).toEqual({ config: expect.objectContaining({ defaultDsn: 'postgres://db/app' }) });
    expect(probe).not.toHaveBeenCalled();
  });

  it('treats an empty SYMPHONY_TRANSPORT_DSN as unset', async () => {
    const choice = await chooseStore(fromEnv({ SYMPHONY_TRANSPORT_DSN: '' }), answers(false));
    expect(choice.config.defaultDsn).toBe(EMBEDDED_DSN);
  });

  it('uses the local Redis when it answers, and says so', async () => {
    const choice = await chooseStore(fromEnv({}), answers(true));
    expect(choice.config.defaultDsn).toBe('redis://127.0.0.1:6379');
    expect(choice.notice).toMatch(/using the Redis/);
  });

  it('falls back to the embedded store, saying which and how to switch', async () => {
    const choice = await chooseStore(fromEnv({}), answers(false));
    expect(choice.config.defaultDsn).toBe('pglite://./var/symphony');
    expect(choice.notice).toMatch(/embedded store pglite:\/\/\.\/var\/symphony/);
    expect(choice.notice).toMatch(/SYMPHONY_TRANSPORT_DSN=redis:\/\/.*postgres:\/\//);
  });

  it('guesses nothing in production: the default Redis address is used, reachable or not', async () => {
    const probe = jest.fn(answers(false));
    const choice = await chooseStore(fromEnv({ NODE_ENV: 'production' }), probe);
    expect(choice).toEqual({ config: expect.objectContaining({ defaultDsn: 'redis://127.0.0.1:6379' }) });
    expect(probe).not.toHaveBeenCalled();
  });

  it('auto-migrates by default only in development', () => {
    expect(fromEnv({}).autoMigrate).toBe(true);
    expect(fromEnv({ NODE_ENV: 'production' }).autoMigrate).toBe(false);
    expect(fromEnv({ NODE_ENV: 'production', SYMPHONY_AUTO_MIGRATE: 'true' }).autoMigrate).toBe(true);
    expect(fromEnv({ SYMPHONY_AUTO_MIGRATE: '0' }).autoMigrate).toBe(false);
  });
});

describe('pingRedis', () => {
  it('is true for a Redis and false for a closed port', async () => {
    const url = new URL(redisUrl());
    expect(await pingRedis(url.hostname, Number(url.port))).toBe(true);
    expect(await pingRedis('127.0.0.1', await freePort())).toBe(false);
  });
});
