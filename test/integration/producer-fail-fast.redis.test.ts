import { TransportUnavailableError } from '../../src/errors';
import { closeTestBuses, eventually, testBus } from '../helpers/bus';
import { RedisProcess } from '../helpers/redis-process';
import { freePort } from '../helpers/servers';
import { httpApp, tick } from '../fixtures/http-app';

/**
 * Producers fail fast: with Redis gone, dispatch rejects within config.storeTimeoutMs and what it
 * was given is never stored later (ioredis's offline queue used to send it on reconnect, so a
 * client's retry made a duplicate). The private Redis keeps an AOF so what was stored before the
 * kill is still there after the restart.
 */
describe('producers on Redis when the store is gone', () => {
  jest.setTimeout(60_000);
  const servers: RedisProcess[] = [];
  afterEach(async () => {
    await closeTestBuses();
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  const durableRedis = async (port?: number) => {
    const server = await RedisProcess.start(
      ['--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
      {
        port,
      },
    );
    servers.push(server);
    return server;
  };
  const stored = async (bus: ReturnType<typeof testBus>) => {
    const { waiting, prioritized } = (await bus.stats(['ticks'])).ticks!;
    return waiting + prioritized;
  };
  const reachable = (bus: ReturnType<typeof testBus>, n: number) => () =>
    bus.dispatch(tick, { n }).then(
      () => true,
      () => false,
    );

  it('rejects dispatch and dispatchBatch with TRANSPORT_UNAVAILABLE, and stores neither when Redis returns', async () => {
    const redis = await durableRedis();
    const bus = testBus(httpApp(), { defaultDsn: redis.url, storeTimeoutMs: 2000 });
    await bus.dispatch(tick, { n: 1 });

    await redis.kill('SIGKILL');
    const single = bus.dispatch(tick, { n: 2 });
    const batch = bus.dispatchBatch([{ type: tick, body: { n: 3 } }]);
    await expect(single).rejects.toBeInstanceOf(TransportUnavailableError);
    await expect(batch).rejects.toMatchObject({ code: 'TRANSPORT_UNAVAILABLE', retryAfterSeconds: 2 });
    await expect(bus.stats(['ticks'])).rejects.toMatchObject({ code: 'TRANSPORT_UNAVAILABLE' });

    await redis.launch();
    // once this one is stored, anything kept back for the reconnect would have been sent before it
    await eventually(reachable(bus, 4), Boolean);
    expect(await stored(bus)).toBe(2); // n = 1 (before the kill) and n = 4; never 2 or 3
  });

  it('a bus whose Redis never answered rejects, then works once Redis starts, storing only what it acknowledged', async () => {
    const port = await freePort();
    const bus = testBus(httpApp(), { defaultDsn: `redis://127.0.0.1:${port}`, storeTimeoutMs: 500 });
    await expect(bus.dispatch(tick, { n: 1 })).rejects.toMatchObject({
      code: 'TRANSPORT_UNAVAILABLE',
      ambiguous: false,
    });

    await durableRedis(port);
    await eventually(reachable(bus, 2), Boolean);
    expect(await stored(bus)).toBe(1);
  });
});
