import request from 'supertest';
import { isHosted } from '../../src/cli/hosted-cli';
import { httpApp } from '../fixtures/http-app';
import { bearer, closeHttpTestSystems, httpTestSystem } from '../helpers/http';

afterEach(closeHttpTestSystems);

/**
 * POST /api/symphony/cli: the server runs a store command for a CLI in another terminal while it
 * holds the embedded store (the CLI side: test/e2e/embedded-store.test.ts).
 */
describe('POST /api/symphony/cli', () => {
  const cli = (args: unknown, who: 'admin' | 'viewer' = 'admin') => {
    const system = httpTestSystem(httpApp());
    return request(system.http.app).post('/api/symphony/cli').set(bearer(who)).send({ args });
  };

  it('runs the command on this bus and returns what it printed and its exit code', async () => {
    const res = await cli(['stats', '--json', '--queues', 'mail']).expect(200);
    expect(res.body).toEqual({ code: 0, stdout: expect.any(String), stderr: '' });
    expect(JSON.parse(res.body.stdout)).toEqual({ queues: { mail: expect.objectContaining({ failed: 0 }) } });
  });

  it('returns a failing command’s one-line error and exit code, as the CLI prints them', async () => {
    const unknown = await cli(['stats', '--queues', 'nope']).expect(200);
    expect(unknown.body).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: VALIDATION_FAILED: Unknown queue\n  queue: "nope" is not declared; known queues: mail, ticks\n',
    });
    const usage = await cli(['failed:retry']).expect(200); // commander's own usage error
    expect(usage.body).toMatchObject({ code: 1, stderr: 'error: give one or more message ids, or --all\n' });
  });

  it('refuses what runs in its own process, another app or another store', async () => {
    for (const args of [
      ['worker'],
      ['start'],
      ['migrate:status'],
      ['stats', '--app', 'x.ts'],
      ['db:migrate'],
    ]) {
      const res = await cli(args).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    await cli([]).expect(400);
    await cli('stats').expect(400);
  });

  it('is for admins only', async () => {
    const res = await cli(['stats'], 'viewer').expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });
});

describe('isHosted (the commands the CLI sends to the server holding the store)', () => {
  it('names store commands, not long-running ones, nor another app or DSN', () => {
    for (const args of [
      ['stats'],
      ['failed:list'],
      ['messages:show', 'x'],
      ['queue:pause', 'q'],
      ['db:status'],
    ]) {
      expect(isHosted(args)).toBe(true);
    }
    for (const args of [
      ['worker'],
      ['serve'],
      ['db:drop'],
      ['--help'],
      ['stats', '--app', 'a.ts'],
      ['db:status', '--dsn=pglite://x'],
    ]) {
      expect(isHosted(args)).toBe(false);
    }
  });
});
