import {
  HandlerFailedError,
  RecoverableError,
  UnrecoverableError,
  ValidationError,
} from '../../../../src/errors';
import type { Symphony } from '../../../../src/bus/symphony';
import { inProcessBus, job } from '../../../fixtures/transport-app';

describe('memory:// through the bus', () => {
  let bus: Symphony | undefined;
  afterEach(async () => {
    jest.useRealTimers();
    await bus?.close();
    bus = undefined;
  });

  it('records a dispatch and handles it only on flush', async () => {
    const seen: number[] = [];
    bus = inProcessBus('memory://', ({ n }) => void seen.push(n));
    const { id, queue } = await bus.dispatch(job, { n: 1 });
    expect(queue).toBe('jobs');
    expect(seen).toEqual([]);
    expect(
      bus
        .memory('jobs')
        .sent()
        .map((e) => [e.id, e.body]),
    ).toEqual([[id, { n: 1 }]]);
    expect((await bus.stats()).jobs).toMatchObject({ prioritized: 1, completed: 0 });

    await expect(bus.flush()).resolves.toBe(1);
    expect(seen).toEqual([1]);
    expect((await bus.stats()).jobs).toMatchObject({ waiting: 0, prioritized: 0, completed: 1 });
    await expect(bus.flush()).resolves.toBe(0);
  });

  it('handles higher priorities first, then in send order', async () => {
    const seen: number[] = [];
    bus = inProcessBus('memory://', ({ n }) => void seen.push(n));
    await bus.dispatch(job, { n: 1 }, { priority: 'low' });
    await bus.dispatch(job, { n: 2 });
    await bus.dispatch(job, { n: 3 }, { priority: 'critical' });
    await bus.dispatch(job, { n: 4 });
    await bus.flush();
    expect(seen).toEqual([3, 2, 4, 1]);
  });

  it('validates the body at dispatch and records nothing invalid', async () => {
    bus = inProcessBus('memory://', () => undefined);
    await expect(bus.dispatch('job.run', { n: 'x' })).rejects.toBeInstanceOf(ValidationError);
    expect(bus.memory('jobs').sent()).toEqual([]);
  });

  it('retries with the queue strategy delays, then fails after the last attempt', async () => {
    jest.useFakeTimers({
      now: 1_000_000,
      doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'performance'],
    });
    const attempts: number[] = [];
    bus = inProcessBus(
      'memory://',
      (_body, envelope) => {
        attempts.push(envelope.attempt);
        throw new Error(`attempt ${envelope.attempt} broke`);
      },
      { maxRetries: 2, delay: 1000, multiplier: 3, jitter: 0 },
    );
    await bus.dispatch(job, { n: 1 });
    const record = () => bus!.memory('jobs').list('jobs')[0]!;

    await bus.flush();
    expect(attempts).toEqual([1]);
    expect(record()).toMatchObject({ state: 'waiting', attemptsMade: 1, availableAt: Date.now() + 1000 });
    expect((await bus.stats()).jobs).toMatchObject({ delayed: 1 });

    jest.setSystemTime(Date.now() + 999);
    await expect(bus.flush()).resolves.toBe(0); // not due yet
    jest.setSystemTime(Date.now() + 1);
    await bus.flush();
    expect(attempts).toEqual([1, 2]);
    expect(record().availableAt).toBe(Date.now() + 3000);

    jest.setSystemTime(Date.now() + 3000);
    await bus.flush();
    expect(attempts).toEqual([1, 2, 3]);
    expect(record()).toMatchObject({ state: 'failed', attemptsMade: 3 });
    expect(record().error!.message).toContain('attempt 3 broke');
    expect((await bus.stats()).jobs).toMatchObject({ failed: 1, delayed: 0, completed: 0 });
  });

  it('succeeds on a later attempt', async () => {
    const attempts: number[] = [];
    bus = inProcessBus(
      'memory://',
      (_body, envelope) => {
        attempts.push(envelope.attempt);
        if (envelope.attempt < 2) throw new Error('flaky');
      },
      { maxRetries: 3, delay: 0 },
    );
    await bus.dispatch(job, { n: 1 });
    await bus.flush();
    expect(attempts).toEqual([1, 2]);
    expect((await bus.stats()).jobs).toMatchObject({ completed: 1, failed: 0 });
  });

  it('fails an UnrecoverableError at once and keeps retrying a RecoverableError past maxRetries', async () => {
    bus = inProcessBus(
      'memory://',
      ({ n }, envelope) => {
        if (n === 1) throw new UnrecoverableError('bad data');
        if (envelope.attempt <= 3) throw new RecoverableError('provider busy');
      },
      { maxRetries: 1, delay: 0 },
    );
    await bus.dispatch(job, { n: 1 });
    await bus.dispatch(job, { n: 2 });
    await bus.flush();
    const [unrecoverable, recoverable] = bus.memory('jobs').list('jobs');
    expect(unrecoverable).toMatchObject({ state: 'failed', attemptsMade: 1 });
    expect(recoverable).toMatchObject({ state: 'completed', attemptsMade: 3 });
  });

  it('reports the handler failure as HandlerFailedError in the record', async () => {
    bus = inProcessBus('memory://', () => Promise.reject(new Error('smtp down')));
    await bus.dispatch(job, { n: 1 });
    await bus.flush();
    const [record] = bus.memory('jobs').list('jobs');
    expect(record!.state).toBe('failed');
    expect(record!.error!.message).toBe(
      new HandlerFailedError('job.run', [{ handler: 'run-job', error: new Error('smtp down') }]).message,
    );
  });
});
