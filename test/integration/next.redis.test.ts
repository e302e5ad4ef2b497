import { Redis } from 'ioredis';
import type { Symphony } from '../../src/bus/symphony';
import { defaultConfig } from '../../src/config/config';
import { TransportUnavailableError, ValidationError } from '../../src/errors';
import { closeSymphony, getSymphony, toErrorResponse } from '../../src/next';
import { eventually, redisUrl, uniquePrefix } from '../helpers/bus';

/**
 * symphony-messenger/next. `next dev` evaluates a route's modules again on every edit: here
 * jest.isolateModules plays that part, re-evaluating the package and the app's config module.
 */
describe('getSymphony() in a Next.js app', () => {
  // A database of its own, so CLIENT LIST can count this test's connections among everyone's.
  const DB = 9;
  const config = defaultConfig({
    defaultDsn: `${redisUrl()}/${DB}`,
    redisPrefix: uniquePrefix(),
    logLevel: 'silent',
  });
  const admin = new Redis(redisUrl());
  afterAll(async () => {
    await closeSymphony();
    admin.disconnect();
  });

  const connections = async () =>
    String(await admin.call('CLIENT', 'LIST', 'TYPE', 'normal'))
      .split('\n')
      .filter((line) => line.includes(` db=${DB} `)).length;

  /** One "edit": the package and the app module evaluated afresh, as a new route bundle would. */
  const reloaded = (): { bus: Symphony; app: unknown } => {
    let loaded: { bus: Symphony; app: unknown } | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const next = require('../../src/next') as typeof import('../../src/next');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const app = (require('../fixtures/next-app') as typeof import('../fixtures/next-app')).default;
      loaded = { bus: next.getSymphony(app, { config }), app };
    });
    return loaded!;
  };

  it('keeps one connection whatever the number of module re-evaluations', async () => {
    const first = reloaded();
    await first.bus.dispatch('user.signup', { email: 'a@example.com' });
    expect(await connections()).toBe(1);

    for (let edit = 0; edit < 5; edit++) {
      const { bus, app } = reloaded();
      expect(app).not.toBe(first.app); // a fresh evaluation…
      expect(bus).toBe(first.bus); // …finds the bus the first one made
      await bus.dispatch('user.signup', { email: `e${edit}@example.com` });
    }
    expect(await connections()).toBe(1);
    const { waiting, prioritized } = (await first.bus.stats(['signups'])).signups!;
    expect(waiting + prioritized).toBe(6);
  });

  it('an edited app gets a new bus and the old one is closed', async () => {
    const before = reloaded().bus;
    const { signup } = jest.requireActual<typeof import('../fixtures/next-app')>('../fixtures/next-app');
    const edited = { messages: [signup], routing: { '*': 'signups-v2' } };
    const after = getSymphony(edited, { config });
    expect(after).not.toBe(before);
    await after.dispatch('user.signup', { email: 'b@example.com' });
    await eventually(connections, (n) => n === 1);
  });
});

describe('toErrorResponse()', () => {
  it('answers 400 with the field errors for bad input', async () => {
    const response = toErrorResponse(
      new ValidationError('Invalid body', [{ path: 'email', message: 'Invalid email' }]),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Invalid body: email: Invalid email',
        details: [{ path: 'email', message: 'Invalid email' }],
      },
    });
  });

  it('answers 503 with Retry-After when the store does not answer (a real dispatch to a closed port)', async () => {
    const app = jest.requireActual<typeof import('../fixtures/next-app')>('../fixtures/next-app').default;
    const bus = getSymphony(app, {
      key: 'store-down',
      config: defaultConfig({ defaultDsn: 'redis://127.0.0.1:1', logLevel: 'silent' }),
    });
    const error = await bus.dispatch('user.signup', { email: 'c@example.com' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportUnavailableError);
    const response = toErrorResponse(error);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.json()).toMatchObject({ error: { code: 'TRANSPORT_UNAVAILABLE' } });
    await closeSymphony('store-down');
  });

  it('rethrows what is not a Symphony error, for Next.js to report', () => {
    const bug = new TypeError('a bug');
    expect(() => toErrorResponse(bug)).toThrow(bug);
  });
});
