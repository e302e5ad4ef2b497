import { z } from 'zod';
import { defineApp } from '../../../src/bus/app-definition';
import { defaultConfig } from '../../../src/config/config';
import { defineHandler } from '../../../src/handling/handler-registry';
import { defineMessage } from '../../../src/message/define-message';
import { closeSymphony, getSymphony } from '../../../src/next';
import { createTestBus, fakeSymphony, symphonyMatchers, type TestBus } from '../../../src/testing';

expect.extend(symphonyMatchers);

const emailSend = defineMessage('email.send', z.object({ to: z.email(), subject: z.string() }));
const signup = defineMessage('user.signup', z.object({ email: z.email() }));
const smsSend = defineMessage('sms.send', z.object({ to: z.string() }));

/** App code under test: what a route or a handler would do. */
async function registerUser(bus: TestBus, email: string): Promise<void> {
  await bus.dispatch(signup, { email });
}

const welcome = defineHandler(signup, async ({ email }, _envelope, { bus }) => {
  await bus.dispatch(emailSend, { to: email, subject: 'Welcome' });
});

// The app's real queues are on Redis and Postgres: the test bus puts them all in memory.
const app = defineApp({
  messages: [emailSend, signup, smsSend],
  routing: { 'email.*': 'emails', 'user.*': 'users', '*': 'default' },
  queues: { emails: { dsn: 'redis://127.0.0.1:1', retry: { maxRetries: 2, delay: 60_000 } }, users: {} },
  handlers: [welcome],
});

describe('symphony-messenger/testing', () => {
  let bus: TestBus;
  beforeEach(() => (bus = createTestBus(app)));
  afterEach(() => bus.close());

  it('records dispatches for the matchers: type, body fields, count, and none', async () => {
    await registerUser(bus, 'a@b.co');
    await registerUser(bus, 'c@d.co');
    expect(bus).toHaveDispatched(signup);
    expect(bus).toHaveDispatched(signup, { email: 'a@b.co' });
    expect(bus).toHaveDispatched('user.signup', { email: expect.stringMatching(/@d\.co$/) });
    expect(bus).toHaveDispatchedTimes(signup, 2);
    expect(bus).toHaveDispatchedTimes(signup, 1, { email: 'c@d.co' });
    expect(bus).not.toHaveDispatched(signup, { email: 'x@y.co' });
    expect(bus).not.toHaveDispatched(smsSend);
    expect(bus.dispatchedOf(signup).map((d) => d.queue)).toEqual(['users', 'users']);
  });

  it('says what was dispatched when a matcher fails', async () => {
    await registerUser(bus, 'a@b.co');
    expect(() => expect(bus).toHaveDispatched(signup, { email: 'z@z.co' })).toThrow(
      /expected a dispatch of user\.signup with a body matching \{"email": "z@z\.co"\}, found none\ndispatched bodies: \[\{"email": "a@b\.co"\}\]/,
    );
    expect(() => expect(bus).not.toHaveDispatched(signup)).toThrow(
      /expected no dispatch of user\.signup, found 1/,
    );
    expect(() => expect({}).toHaveDispatched(signup)).toThrow(/bus must be a TestBus/);
  });

  it('runs the handlers of what was dispatched, and of what they dispatch in turn', async () => {
    await registerUser(bus, 'a@b.co');
    expect(bus).not.toHaveDispatched(emailSend); // nothing runs until asked
    expect(await bus.runHandlers()).toBe(1 + 1); // the signup, then the e-mail it sent (no handler: fails)
    expect(bus).toHaveDispatched(emailSend, { to: 'a@b.co', subject: 'Welcome' });
  });

  it('runs every retry at once and reports what failed for good', async () => {
    const smtpDown = defineHandler(emailSend, () => {
      throw new Error('SMTP down');
    });
    await bus.close();
    bus = createTestBus(app, { handlers: [smtpDown] }); // fakes in place of the app's handlers
    await bus.dispatch(emailSend, { to: 'a@b.co', subject: 'x' }); // emails: maxRetries 2, 60 s apart
    expect(await bus.runHandlers()).toBe(3);
    expect(bus.failures()).toEqual([
      {
        envelope: expect.objectContaining({ type: 'email.send' }),
        error: { message: expect.stringContaining('SMTP down') },
      },
    ]);
    bus.reset();
    expect(bus.dispatched).toEqual([]);
    expect(bus.failures()).toEqual([]);
  });

  it('fakeSymphony() stands in for getSymphony() until closed', async () => {
    const fake = fakeSymphony(app);
    expect(getSymphony(app)).toBe(fake);
    await fake.close();
    const real = getSymphony(app, { config: defaultConfig({ defaultDsn: 'memory://', logLevel: 'silent' }) });
    expect(real).not.toBe(fake);
    await closeSymphony();
  });
});
