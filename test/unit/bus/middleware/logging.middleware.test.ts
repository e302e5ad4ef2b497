import { logHandling } from '../../../../src/bus/middleware/logging.middleware';
import { RecoverableError } from '../../../../src/errors';
import { createLogger } from '../../../../src/logger';
import { createEnvelope } from '../../../../src/message/envelope';
import { captureLogs } from '../../../helpers/bus';

/** The per-delivery log line is a contract: scripts parse id, type, queue, attempt, durationMs, outcome. */
describe('logHandling', () => {
  const envelope = createEnvelope({ type: 'email.send', body: {}, queue: 'emails' });

  async function logFor(attempt: number, maxAttempts: number, handler: () => Promise<void>) {
    const logs = captureLogs();
    const middleware = logHandling(createLogger('info', logs.stream));
    await middleware(
      envelope,
      { delivery: { attempt, maxAttempts }, logger: createLogger('silent') },
      handler,
    ).catch(() => undefined);
    expect(logs.lines).toHaveLength(1);
    return logs.lines[0]!;
  }

  it('writes one "handled" line with the contract fields', async () => {
    expect(await logFor(1, 3, async () => undefined)).toMatchObject({
      level: 30,
      msg: 'message handled',
      id: envelope.id,
      type: 'email.send',
      queue: 'emails',
      attempt: 1,
      durationMs: expect.any(Number),
      outcome: 'handled',
    });
  });

  it('says "retry" while attempts remain and "failed" on the last one, with the error', async () => {
    const boom = () => Promise.reject(new Error('smtp down'));
    expect(await logFor(1, 2, boom)).toMatchObject({
      outcome: 'retry',
      attempt: 1,
      level: 40,
      error: { name: 'Error', message: 'smtp down' },
    });
    expect(await logFor(2, 2, boom)).toMatchObject({ outcome: 'failed', attempt: 2, level: 50 });
    expect(await logFor(2, 2, () => Promise.reject(new RecoverableError('busy')))).toMatchObject({
      outcome: 'retry',
    });
  });

  it('rethrows the handler error', async () => {
    const middleware = logHandling(createLogger('silent'));
    await expect(
      middleware(envelope, { delivery: { attempt: 1, maxAttempts: 1 }, logger: createLogger('silent') }, () =>
        Promise.reject(new Error('x')),
      ),
    ).rejects.toThrow('x');
  });
});
