import { defineApp } from '../../src/bus/app-definition';
import { RecoverableError, UnrecoverableError } from '../../src/errors';
import { FailedMessages } from '../../src/failed/failed-messages';
import { defineHandler } from '../../src/handling/handler-registry';
import { createLogger } from '../../src/logger';
import { ProviderUnavailableError } from '../../handlers/providers/provider-errors';
import { createSmtpEmailProvider } from '../../handlers/providers/smtp-email-provider';
import { createTwilioSmsProvider, IDEMPOTENCY_HEADER } from '../../handlers/providers/twilio-sms-provider';
import type { EmailProvider, SmsProvider } from '../../handlers/providers/provider';
import { sendEmailHandler } from '../../handlers/send-email.handler';
import { emailSend, messages, smsDripStep } from '../../queues/messages';
import { routing } from '../../queues/routing';
import { closeTestBuses, eventually, testBus } from '../helpers/bus';
import { freePort } from '../helpers/servers';
import { startSmsSink, type SmsSink } from '../helpers/sms-sink';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

const log = createLogger('silent');
const mail = (to: string, messageId: string) => ({ to, subject: 'Hello', text: 'Hi there', messageId });
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: Error) => e,
  );

describe('SMTP provider against a local SMTP server', () => {
  let sink: SmtpSink;
  let email: EmailProvider;
  beforeAll(async () => {
    sink = await startSmtpSink();
    const config = {
      kind: 'smtp' as const,
      url: sink.url,
      from: 'News <news@example.test>',
      messageIdDomain: 'example.test',
    };
    email = createSmtpEmailProvider(config, 5000);
  });
  afterAll(async () => {
    await email.close?.();
    await sink.close();
  });

  it('sends with Message-ID <message id@domain>, the same on a repeat', async () => {
    await email.send(mail('ada@example.com', 'msg-1'), log);
    await email.send(mail('ada@example.com', 'msg-1'), log);
    const received = sink.received.filter((m) => m.messageId === '<msg-1@example.test>');
    expect(received).toHaveLength(2);
    expect(received[0]).toMatchObject({
      from: 'news@example.test',
      to: ['ada@example.com'],
      subject: 'Hello',
    });
    expect(sink.countsByMessageId().get('<msg-1@example.test>')).toBe(2);
  });

  it('a 5xx refusal fails at once with the server reply; a 4xx one is retried', async () => {
    sink.refuse('gone@example.com', { code: 550, message: 'No such user here' });
    sink.refuse('busy@example.com', { code: 451, message: 'Try again later' });
    const permanent = await rejection(email.send(mail('gone@example.com', 'msg-2'), log));
    expect(permanent).toBeInstanceOf(UnrecoverableError);
    expect(permanent!.message).toMatch(/^SMTP server rejected the message: 550 No such user here/);
    const transient = await rejection(email.send(mail('busy@example.com', 'msg-3'), log));
    expect(transient).toBeInstanceOf(ProviderUnavailableError);
    expect(transient!.message).toMatch(/451 Try again later/);
  });

  it('a server that is not there is retried', async () => {
    const down = createSmtpEmailProvider(
      {
        kind: 'smtp',
        url: `smtp://127.0.0.1:${await freePort()}`,
        from: 'a@example.test',
        messageIdDomain: 'example.test',
      },
      2000,
    );
    const error = await rejection(down.send(mail('ada@example.com', 'msg-4'), log));
    await down.close?.();
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error!.message).toMatch(/ECONNREFUSED|ECONNECTION/);
  });
});

describe('Twilio-compatible SMS provider against a local HTTP sink', () => {
  let sink: SmsSink;
  let sms: SmsProvider;
  const send = (to: string, key: string) => sms.send({ to, body: 'Step 1', idempotencyKey: key }, log);
  beforeAll(async () => {
    sink = await startSmsSink();
    const { baseUrl, accountSid, authToken } = sink;
    sms = createTwilioSmsProvider(
      { kind: 'twilio', baseUrl, accountSid, authToken, from: '+15005550006' },
      500,
    );
  });
  afterAll(() => sink.close());

  it('posts the form with basic auth and the message id as Idempotency-Key', async () => {
    const receipt = await send('+33612345678', 'msg-10');
    expect(receipt.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sink.delivered().at(-1)).toMatchObject({
      to: '+33612345678',
      from: '+15005550006',
      body: 'Step 1',
      idempotencyKey: 'msg-10',
    });
    expect(IDEMPOTENCY_HEADER).toBe('Idempotency-Key');
  });

  it('400 fails at once with the provider message; 429 asks to wait Retry-After; 500 and a timeout are retried', async () => {
    sink.respondTo('+33600000400', { status: 400 });
    sink.respondTo('+33600000429', { status: 429, retryAfter: '3' });
    sink.respondTo('+33600000500', { status: 500 });
    sink.respondTo('+33600000999', { status: 500, delayMs: 3000 });
    const bad = await rejection(send('+33600000400', 'k1'));
    expect(bad).toBeInstanceOf(UnrecoverableError);
    expect(bad!.message).toBe(
      "SMS provider rejected the message: HTTP 400 The 'To' number is not a valid phone number. (error 21211)",
    );
    const throttled = await rejection(send('+33600000429', 'k2'));
    expect(throttled).toBeInstanceOf(RecoverableError);
    expect((throttled as RecoverableError).retryDelayMs).toBe(3000);
    expect(await rejection(send('+33600000500', 'k3'))).toBeInstanceOf(ProviderUnavailableError);
    const slow = await rejection(send('+33600000999', 'k4'));
    expect(slow).toBeInstanceOf(ProviderUnavailableError);
    expect(slow!.message).toBe('SMS provider unavailable: no answer within 500 ms; retrying');
  });

  it('wrong credentials are a rejection, not a retry loop', async () => {
    const wrong = createTwilioSmsProvider(
      {
        kind: 'twilio',
        baseUrl: sink.baseUrl,
        accountSid: sink.accountSid,
        authToken: 'nope',
        from: '+15005550006',
      },
      2000,
    );
    const error = await rejection(wrong.send({ to: '+33612345678', body: 'x', idempotencyKey: 'k5' }, log));
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect(error!.message).toMatch(/HTTP 401 Authenticate \(error 20003\)/);
  });
});

describe('provider failures through the bus (Redis)', () => {
  let smtp: SmtpSink;
  let twilio: SmsSink;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    [smtp, twilio] = await Promise.all([startSmtpSink(), startSmsSink()]);
  });
  afterAll(async () => {
    await closeTestBuses();
    for (const close of closers) await close();
    await Promise.all([smtp.close(), twilio.close()]);
  });

  function bus() {
    const email = createSmtpEmailProvider(
      { kind: 'smtp', url: smtp.url, from: 'news@example.test', messageIdDomain: 'example.test' },
      5000,
    );
    closers.push(async () => email.close?.());
    const { baseUrl, accountSid, authToken } = twilio;
    const sms = createTwilioSmsProvider(
      { kind: 'twilio', baseUrl, accountSid, authToken, from: '+15005550006' },
      5000,
    );
    const services = {
      providers: () => ({ email, sms }),
      legacy: () => Promise.reject(new Error('no legacy database in this test')),
    };

    const retry = { maxRetries: 3, delay: 60_000, jitter: 0 }; // a retry without Retry-After would outlast the test
    return testBus(
      defineApp({
        messages,
        routing,
        queues: { emails: { retry }, sms: { retry } },
        handlers: [
          sendEmailHandler(services),
          // SMS straight to the provider (the drip handler needs a legacy enrolment)
          defineHandler(smsDripStep, async ({ to }, envelope, { logger }) => {
            await sms.send({ to, body: 'Hello', idempotencyKey: envelope.id }, logger);
          }),
        ],
      }),
    );
  }

  it('a rejected address goes to the failed store at once with the SMTP reply as its reason', async () => {
    const symphony = bus();
    smtp.refuse('nobody@example.com', { code: 550, message: '5.1.1 No such user here' });
    const { id } = await symphony.dispatch(emailSend, { to: 'nobody@example.com', subject: 'Hi' });
    const consumer = symphony.consume('emails');
    // (read until the attempt count is written: getFailed reads the job, then its state)
    const failed = await eventually(
      () => new FailedMessages(symphony).show(id),
      (f) => (f?.attemptsMade ?? 0) > 0,
      20_000,
    );
    await consumer.close();
    expect(failed!.attemptsMade).toBe(1);
    expect(failed!.error.message).toContain('SMTP server rejected the message: 550 5.1.1 No such user here');
  });

  it('an e-mail accepted once carries Message-ID <message id@domain>', async () => {
    const symphony = bus();
    const { id } = await symphony.dispatch(emailSend, { to: 'ada@example.com', subject: 'Hi', text: 'x' });
    const consumer = symphony.consume('emails');
    await eventually(() => smtp.countsByMessageId().get(`<${id}@example.test>`) === 1, Boolean);
    await consumer.close();
  });

  it('429 twice with Retry-After: 1 is retried after a second each time, with the same Idempotency-Key', async () => {
    const symphony = bus();
    const to = '+33600001429';
    twilio.respondTo(to, { status: 429, retryAfter: '1', times: 2 });
    const { id } = await symphony.dispatch(smsDripStep, { to, dripId: 'd1', step: 0 });
    const consumer = symphony.consume('sms');
    await eventually(() => twilio.delivered().some((r) => r.to === to), Boolean);
    await consumer.close();
    const tries = twilio.requests.filter((r) => r.to === to);
    expect(tries.map((r) => [r.status, r.idempotencyKey])).toEqual([
      [429, id],
      [429, id],
      [201, id],
    ]);
    // The queue's strategy says 60 s: each retry came after Retry-After instead.
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(1000 - 5);
    expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(1000 - 5);
  });
});
