import { z } from 'zod';
import { defineApp } from '../../../src/bus/app-definition';
import { symphonyOnChosenStore } from '../../../src/bus/symphony-from-env';
import type { Symphony } from '../../../src/bus/symphony';
import { configFromEnv } from '../../../src/config/config';
import { parseEnv } from '../../../src/config/env';
import { TransportUnavailableError } from '../../../src/errors';
import { createLogger } from '../../../src/logger';
import { defineMessage } from '../../../src/message/define-message';
import { EMBEDDED_DSN } from '../../../src/transport/default-store';
import { captureLogs } from '../../helpers/bus';
import { freePort } from '../../helpers/servers';

const ping = defineMessage('test.ping', z.object({ n: z.number() }));
const app = defineApp({ messages: [ping], routing: { '*': 'pings' } });
const fromEnv = (vars: Record<string, string>) => configFromEnv(parseEnv(vars));

const open: Symphony[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((bus) => bus.close()));
});

/** symphonyFromEnv's bus for these variables, the local Redis answering or not, with its log lines. */
async function busFor(vars: Record<string, string>, localRedis: boolean) {
  const logs = captureLogs();
  const probe = jest.fn(async () => localRedis);
  const bus = await symphonyOnChosenStore(
    app,
    fromEnv(vars),
    { logger: createLogger('info', logs.stream) },
    probe,
  );
  open.push(bus);
  return { bus, logs: logs.lines, probe };
}

describe('symphonyFromEnv', () => {
  it('with nothing set and no local Redis, runs on the embedded store and logs that choice', async () => {
    const { bus, logs } = await busFor({}, false);
    expect(bus.config.defaultDsn).toBe(EMBEDDED_DSN);
    expect(logs).toEqual([
      expect.objectContaining({
        level: 30,
        store: EMBEDDED_DSN,
        msg: expect.stringMatching(
          /no Redis at 127\.0\.0\.1:6379: using the embedded store .*SYMPHONY_TRANSPORT_DSN=/,
        ),
      }),
    ]);
  });

  it('with nothing set and a local Redis, uses it and says so', async () => {
    const { bus, logs } = await busFor({}, true);
    expect(bus.config.defaultDsn).toBe('redis://127.0.0.1:6379');
    expect(logs).toEqual([
      expect.objectContaining({ msg: expect.stringMatching(/using the Redis that answers/) }),
    ]);
  });

  it('with SYMPHONY_TRANSPORT_DSN on a dead Redis port, a dispatch fails with TRANSPORT_UNAVAILABLE, nothing sent', async () => {
    const dsn = `redis://127.0.0.1:${await freePort()}`;
    const { bus, logs, probe } = await busFor(
      { SYMPHONY_TRANSPORT_DSN: dsn, SYMPHONY_STORE_TIMEOUT_MS: '1000' },
      true,
    );
    expect(probe).not.toHaveBeenCalled(); // an explicit DSN is used as given
    expect(bus.config.defaultDsn).toBe(dsn);
    expect(logs).toEqual([]);
    const failure = await bus.dispatch(ping, { n: 1 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportUnavailableError);
    expect(failure).toMatchObject({ code: 'TRANSPORT_UNAVAILABLE', ambiguous: false });
  });
});
