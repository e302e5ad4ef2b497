import { createLogger } from '../../../src/logger';
import {
  composeDispatch,
  composeHandle,
  type DispatchMiddleware,
  type HandleMiddleware,
} from '../../../src/bus/middleware';
import { createEnvelope, type Envelope } from '../../../src/message/envelope';

const envelope = () => createEnvelope({ type: 't.x', body: { n: 1 }, queue: 'q' });
const context = { delivery: { attempt: 2, maxAttempts: 3 }, logger: createLogger('silent') };

describe('composeDispatch', () => {
  it('runs middleware in declaration order around the final step, unwinding in reverse', async () => {
    const trace: string[] = [];
    const tracer =
      (name: string): DispatchMiddleware =>
      async (e, next) => {
        trace.push(`${name}>`);
        const result = await next(e);
        trace.push(`<${name}`);
        return result;
      };
    const chain = composeDispatch([tracer('a'), tracer('b')], async (e) => {
      trace.push('send');
      return { id: e.id, queue: e.queue, deduplicated: false };
    });
    const e = envelope();
    await expect(chain(e)).resolves.toEqual({ id: e.id, queue: 'q', deduplicated: false });
    expect(trace).toEqual(['a>', 'b>', 'send', '<b', '<a']);
  });

  it('passes a replaced envelope down the chain', async () => {
    const seen: Envelope[] = [];
    const chain = composeDispatch(
      [
        (e, next) => next({ ...e, body: { n: 2 } }),
        (e, next) => next({ ...e, headers: { ...e.headers, h: 'v' } }),
      ],
      async (e) => (seen.push(e), { id: e.id, queue: e.queue, deduplicated: false }),
    );
    await chain(envelope());
    expect(seen[0]).toMatchObject({ body: { n: 2 }, headers: { h: 'v' } });
  });

  it('lets a middleware short-circuit without reaching the transport, or change the result', async () => {
    const last = jest.fn(async (e: Envelope) => ({ id: e.id, queue: e.queue, deduplicated: false }));
    const shortCircuit = composeDispatch(
      [async (e) => ({ id: 'cached', queue: e.queue, deduplicated: true })],
      last,
    );
    await expect(shortCircuit(envelope())).resolves.toMatchObject({ id: 'cached', deduplicated: true });
    expect(last).not.toHaveBeenCalled();

    const rewrite = composeDispatch([async (e, next) => ({ ...(await next(e)), queue: 'other' })], last);
    await expect(rewrite(envelope())).resolves.toMatchObject({ queue: 'other' });
  });

  it('propagates a middleware error to the caller', async () => {
    const chain = composeDispatch([() => Promise.reject(new Error('denied'))], async () => {
      throw new Error('unreachable');
    });
    await expect(chain(envelope())).rejects.toThrow('denied');
  });

  it('with no middleware is the final step itself', async () => {
    const chain = composeDispatch([], async (e) => ({ id: e.id, queue: 'direct', deduplicated: false }));
    await expect(chain(envelope())).resolves.toMatchObject({ queue: 'direct' });
  });
});

describe('composeHandle', () => {
  it('runs middleware in order with the same delivery context, then the handler', async () => {
    const trace: string[] = [];
    const tracer =
      (name: string): HandleMiddleware =>
      async (e, ctx, next) => {
        trace.push(`${name}>${ctx.delivery.attempt}`);
        await next(e);
        trace.push(`<${name}`);
      };
    const handle = composeHandle([tracer('log'), tracer('time')], async () => void trace.push('handler'));
    await handle(envelope(), context);
    expect(trace).toEqual(['log>2', 'time>2', 'handler', '<time', '<log']);
  });

  it('hands the replaced envelope to the handler', async () => {
    const handled: Envelope[] = [];
    const handle = composeHandle(
      [(e, _ctx, next) => next({ ...e, body: { n: 99 } })],
      async (e) => void handled.push(e),
    );
    await handle(envelope(), context);
    expect(handled[0]!.body).toEqual({ n: 99 });
  });

  it('lets a middleware skip the handler or turn its failure into success', async () => {
    const handler = jest.fn(async () => undefined);
    await composeHandle([async () => undefined], handler)(envelope(), context);
    expect(handler).not.toHaveBeenCalled();

    const swallow = composeHandle([async (e, _ctx, next) => next(e).catch(() => undefined)], async () =>
      Promise.reject(new Error('boom')),
    );
    await expect(swallow(envelope(), context)).resolves.toBeUndefined();
  });

  it('propagates a handler failure through every middleware', async () => {
    const seen: unknown[] = [];
    const handle = composeHandle(
      [async (e, _ctx, next) => next(e).catch((err) => (seen.push(err), Promise.reject(err)))],
      async () => Promise.reject(new Error('boom')),
    );
    await expect(handle(envelope(), context)).rejects.toThrow('boom');
    expect(seen).toHaveLength(1);
  });
});
