import {
  HandlerFailedError,
  RecoverableError,
  UnrecoverableError,
  ValidationError,
} from '../../../../src/errors';
import type { Symphony } from '../../../../src/bus/symphony';
import { EMPTY_COUNTS } from '../../../../src/transport/transport';
import { inProcessBus, job } from '../../../fixtures/transport-app';

describe('sync:// through the bus', () => {
  let bus: Symphony | undefined;
  afterEach(async () => {
    jest.useRealTimers();
    await bus?.close();
    bus = undefined;
  });

  it('handles the message inside dispatch', async () => {
    const seen: { n: number; id: string }[] = [];
    bus = inProcessBus('sync://', ({ n }, envelope) => void seen.push({ n, id: envelope.id }));
    const result = await bus.dispatch(job, { n: 4 });
    expect(seen).toEqual([{ n: 4, id: result.id }]);
    expect(result).toMatchObject({ queue: 'jobs', deduplicated: false });
    expect((await bus.stats()).jobs).toEqual(EMPTY_COUNTS); // nothing is stored
  });

  it('rejects an invalid body before any handler runs', async () => {
    const handler = jest.fn();
    bus = inProcessBus('sync://', handler);
    await expect(bus.dispatch('job.run', { n: 1.5 })).rejects.toBeInstanceOf(ValidationError);
    expect(handler).not.toHaveBeenCalled();
  });

  it('retries inline after the strategy delays and resolves once a later attempt succeeds', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'performance'] });
    const attempts: number[] = [];
    bus = inProcessBus(
      'sync://',
      (_body, envelope) => {
        attempts.push(envelope.attempt);
        if (envelope.attempt < 3) throw new Error('flaky');
      },
      { maxRetries: 3, delay: 100, multiplier: 2, jitter: 0 },
    );
    let settled = false;
    const dispatched = bus.dispatch(job, { n: 1 }).finally(() => (settled = true));
    await jest.advanceTimersByTimeAsync(99);
    expect(attempts).toEqual([1]);
    await jest.advanceTimersByTimeAsync(1);
    expect(attempts).toEqual([1, 2]);
    await jest.advanceTimersByTimeAsync(199);
    expect(attempts).toEqual([1, 2]);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await expect(dispatched).resolves.toMatchObject({ queue: 'jobs' });
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('throws the handler error to the dispatcher after the last attempt', async () => {
    const attempts: number[] = [];
    const cause = new Error('smtp down');
    bus = inProcessBus(
      'sync://',
      (_body, envelope) => {
        attempts.push(envelope.attempt);
        throw cause;
      },
      { maxRetries: 2, delay: 0 },
    );
    const error = await bus.dispatch(job, { n: 1 }).catch((e: unknown) => e);
    expect(attempts).toEqual([1, 2, 3]);
    expect(error).toBeInstanceOf(HandlerFailedError);
    expect((error as HandlerFailedError).failures).toEqual([{ handler: 'run-job', error: cause }]);
  });

  it('does not retry an UnrecoverableError', async () => {
    const handler = jest.fn(() => {
      throw new UnrecoverableError('bad data');
    });
    bus = inProcessBus('sync://', handler, { maxRetries: 5, delay: 0 });
    await expect(bus.dispatch(job, { n: 1 })).rejects.toThrow('bad data');
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('retries a RecoverableError past maxRetries until it succeeds', async () => {
    const attempts: number[] = [];
    bus = inProcessBus(
      'sync://',
      (_body, envelope) => {
        attempts.push(envelope.attempt);
        if (envelope.attempt < 4) throw new RecoverableError('busy');
      },
      { maxRetries: 1, delay: 0 },
    );
    await bus.dispatch(job, { n: 1 });
    expect(attempts).toEqual([1, 2, 3, 4]);
  });

  it('handles each batch item inside dispatchBatch', async () => {
    const seen: number[] = [];
    bus = inProcessBus('sync://', ({ n }) => void seen.push(n));
    const results = await bus.dispatchBatch([1, 2, 3].map((n) => ({ type: job, body: { n } })));
    expect(seen).toEqual([1, 2, 3]);
    expect(results.map((r) => r.queue)).toEqual(['jobs', 'jobs', 'jobs']);
  });
});
