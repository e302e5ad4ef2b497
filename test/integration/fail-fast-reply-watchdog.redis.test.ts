import { TransportUnavailableError } from '../../src/errors';
import { failFast, failFastOptions } from '../../src/transport/bullmq/fail-fast-redis';
import { createRedisClient } from '../../src/transport/bullmq/redis-connection';
import { RedisProcess } from '../helpers/redis-process';

/**
 * The producers' reply watchdog: a command Redis does not answer (the server stopped, the network
 * silently dropping) is rejected as ambiguous about `timeoutMs` after it was sent, never before,
 * whether sent alone or in a pipeline, and a connection that answers again is usable at once.
 */
describe('fail-fast Redis client: reply watchdog', () => {
  jest.setTimeout(60_000);
  const timeoutMs = 400;
  let server: RedisProcess;
  beforeAll(async () => {
    server = await RedisProcess.start(['--save', '']);
  });
  afterAll(async () => {
    process.kill(server.pid!, 'SIGCONT');
    await server.stop();
  });

  /** A fail-fast client once connected: its first connection is not what these tests bound. */
  const connected = async (bound: number) => {
    const client = failFast(createRedisClient(server.url, failFastOptions()), bound);
    client.on('error', () => undefined);
    if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
    return client;
  };

  const settledAt = (promise: Promise<unknown>) =>
    promise.then(
      () => ({ at: performance.now(), error: undefined as unknown }),
      (error: unknown) => ({ at: performance.now(), error }),
    );

  it('rejects each unanswered command once its own bound has passed, alone or in a pipeline', async () => {
    const client = await connected(timeoutMs);
    try {
      await client.set('k', '1');
      process.kill(server.pid!, 'SIGSTOP'); // connected, but no reply comes
      const firstSent = performance.now();
      const first = settledAt(client.get('k'));
      await new Promise((resolve) => setTimeout(resolve, timeoutMs / 2));
      const laterSent = performance.now();
      const later = settledAt(client.multi().incr('n').incr('n').exec());
      const [a, b] = await Promise.all([first, later]);

      for (const outcome of [a, b]) {
        expect(outcome.error).toBeInstanceOf(TransportUnavailableError);
        expect(outcome.error).toMatchObject({ code: 'TRANSPORT_UNAVAILABLE', ambiguous: true });
      }
      // never early: each waited out its own bound (the check runs every tenth of it)
      expect(a.at - firstSent).toBeGreaterThanOrEqual(timeoutMs - 1);
      expect(b.at - laterSent).toBeGreaterThanOrEqual(timeoutMs - 1);

      process.kill(server.pid!, 'SIGCONT'); // Redis answers what it had received, then new commands
      expect(await client.get('k')).toBe('1');
      expect(await client.get('n')).toBe('2'); // the pipeline was applied: "ambiguous" was right
    } finally {
      process.kill(server.pid!, 'SIGCONT');
      client.disconnect();
    }
  });

  it("rejects the rest of a pipeline cut off after a partial reply as ambiguous, not as ioredis's AbortError", async () => {
    const client = await connected(5000);
    try {
      const id = String(await client.client('ID'));
      // Redis answers SET and the KILL of this very connection, then closes it: GET never gets a reply
      const results = await client
        .pipeline()
        .set('p', '1')
        .call('CLIENT', 'KILL', 'ID', id, 'SKIPME', 'no')
        .get('p')
        .exec();
      expect(results!.slice(0, 2)).toEqual([
        [null, 'OK'],
        [null, 1],
      ]);
      expect(results![2]![0]).toBeInstanceOf(TransportUnavailableError);
      expect(results![2]![0]).toMatchObject({ code: 'TRANSPORT_UNAVAILABLE', ambiguous: true });
      expect(await client.get('p')).toBe('1'); // and the client carries on once reconnected
    } finally {
      client.disconnect();
    }
  });

  it('leaves answered commands alone, however many were sent', async () => {
    // The default store timeout: a bound this test's load can stay under (checks every 500 ms)
    const client = await connected(5000);
    try {
      const replies = await Promise.all(Array.from({ length: 5000 }, (_, i) => client.echo(String(i))));
      expect(replies[4999]).toBe('4999');
      await new Promise((resolve) => setTimeout(resolve, 1200)); // two checks run over answered ones
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
    }
  });
});
