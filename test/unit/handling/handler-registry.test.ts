import { createLogger } from '../../../src/logger';
import { z } from 'zod';
import {
  HandlerFailedError,
  NoHandlerError,
  RecoverableError,
  UnrecoverableError,
  isRetryable,
} from '../../../src/errors';
import { defineHandler, HandlerRegistry } from '../../../src/handling/handler-registry';
import { defineMessage } from '../../../src/message/define-message';
import { createEnvelope } from '../../../src/message/envelope';

const noBus = {
  dispatch: () => Promise.reject(new Error('no bus in this test')),
  dispatchBatch: () => Promise.reject(new Error('no bus in this test')),
};
const context = { delivery: { attempt: 1, maxAttempts: 1 }, logger: createLogger('silent'), bus: noBus };

const ping = defineMessage('test.ping', z.object({ n: z.number() }));
const envelope = (n = 1) => createEnvelope({ type: 'test.ping', body: { n }, queue: 'work' });

async function failureOf(registry: HandlerRegistry): Promise<HandlerFailedError> {
  const error = await registry.handle(envelope(), context).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HandlerFailedError);
  return error as HandlerFailedError;
}

describe('HandlerRegistry', () => {
  it('runs every handler of the type in registration order with body and envelope', async () => {
    const calls: string[] = [];
    const registry = new HandlerRegistry()
      .register(defineHandler(ping, ({ n }, e) => void calls.push(`a${n}:${e.type}`), 'a'))
      .register(defineHandler(ping, async ({ n }) => void calls.push(`b${n}`), 'b'));
    await registry.handle(envelope(5), context);
    expect(calls).toEqual(['a5:test.ping', 'b5']);
    expect(registry.handlersFor('test.ping').map((h) => h.name)).toEqual(['a', 'b']);
    expect(registry.types()).toEqual(['test.ping']);
  });

  it('names a handler after its function, else the message type', () => {
    function sendPing(): void {}
    expect(defineHandler(ping, sendPing).name).toBe('sendPing');
    expect(defineHandler(ping, () => undefined).name).toBe('test.ping');
  });

  it('runs the other handlers when one fails and reports every failure in one HandlerFailedError', async () => {
    const done: string[] = [];
    const registry = new HandlerRegistry()
      .register(defineHandler(ping, () => Promise.reject(new Error('smtp down')), 'mail'))
      .register(defineHandler(ping, () => void done.push('audit'), 'audit'))
      .register(
        defineHandler(
          ping,
          () => {
            throw 'a string';
          },
          'legacy',
        ),
      );
    const error = await failureOf(registry);
    expect(done).toEqual(['audit']);
    expect(error.code).toBe('HANDLER_FAILED');
    expect(error.messageType).toBe('test.ping');
    expect(error.failures.map((f) => [f.handler, f.error.message])).toEqual([
      ['mail', 'smtp down'],
      ['legacy', 'a string'],
    ]);
    expect(error.failures[1]!.error).toBeInstanceOf(Error);
    expect(error.message).toContain('2 handler(s) failed for "test.ping": mail: smtp down; legacy: a string');
  });

  it('fails with NoHandlerError (never retried) when the type has no handler', async () => {
    const error = await new HandlerRegistry().handle(envelope(), context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoHandlerError);
    expect(error).toMatchObject({ code: 'NO_HANDLER', messageType: 'test.ping' });
    expect(isRetryable(error)).toBe(false);
  });

  describe('retryable semantics of HandlerFailedError', () => {
    const failing = (...errors: Error[]) => {
      const registry = new HandlerRegistry();
      errors.forEach((error, i) =>
        registry.register(defineHandler(ping, () => Promise.reject(error), `h${i}`)),
      );
      return failureOf(registry);
    };

    it('is undefined (retry while attempts remain) for ordinary failures', async () => {
      expect((await failing(new Error('x'))).retryable).toBeUndefined();
      expect((await failing(new Error('x'), new UnrecoverableError('y'))).retryable).toBeUndefined();
    });

    it('is false only when every failure is unrecoverable', async () => {
      expect((await failing(new UnrecoverableError('x'), new UnrecoverableError('y'))).retryable).toBe(false);
    });

    it('is true as soon as one failure is recoverable', async () => {
      expect((await failing(new UnrecoverableError('x'), new RecoverableError('y'))).retryable).toBe(true);
      expect(isRetryable(await failing(new Error('x'), new RecoverableError('y')))).toBe(true);
    });
  });
});
