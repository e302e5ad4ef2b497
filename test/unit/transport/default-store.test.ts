import net from 'node:net';
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
    expect(await pingRedis(url.hostname, Number(url.port), 60_000)).toBe(true);
    expect(await pingRedis('127.0.0.1', await freePort(), 60_000)).toBe(false);
  });

  /** Servers on free ports that answer the first thing read with `reply` after `afterMs` (never when null). */
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  afterEach(async () => {
    for (const socket of sockets) socket.destroy(); // a silent server's connections would hold close()
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  const answering = async (reply: string | null, afterMs = 0) => {
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.once('data', () => {
        if (reply !== null) setTimeout(() => socket.end(reply), afterMs);
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as net.AddressInfo).port;
  };

  it('counts a Redis still loading its data, or busy with a script, as a Redis: it will serve soon', async () => {
    const loading = await answering('-LOADING Redis is loading the dataset in memory\r\n');
    expect(await pingRedis('127.0.0.1', loading, 60_000)).toBe(true);
    const busy = await answering('-BUSY Redis is busy running a script.\r\n');
    expect(await pingRedis('127.0.0.1', busy, 60_000)).toBe(true);
  });

  it('waits for a slow reply as long as it is given, not a fixed half second', async () => {
    const slow = await answering('+PONG\r\n', 800);
    expect(await pingRedis('127.0.0.1', slow, 60_000)).toBe(true);
  });

  it('is false for a Redis that wants a password, and for a server that never replies in time', async () => {
    const locked = await answering('-NOAUTH Authentication required.\r\n');
    expect(await pingRedis('127.0.0.1', locked, 60_000)).toBe(false);
    const silent = await answering(null);
    expect(await pingRedis('127.0.0.1', silent, 100)).toBe(false);
  });
});
