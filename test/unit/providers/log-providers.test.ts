import pino from 'pino';
import { UnrecoverableError } from '../../../src/errors';
import { ProviderUnavailableError } from '../../../handlers/providers/provider-errors';
import { logEmailProvider } from '../../../handlers/providers/log-providers';

const log = pino({ level: 'silent' });
const send = (to: string, attempt?: number) =>
  logEmailProvider.send({ to, subject: 's', messageId: 'm1', attempt }, log);

describe('the log e-mail provider fails on purpose for the README tour', () => {
  it('rejects @invalid.example for good, on every attempt', async () => {
    for (const attempt of [1, 2, 5]) {
      const error = await send('bob@invalid.example', attempt).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnrecoverableError);
      expect((error as Error).message).toMatch(/^log rejected the message: 550 5\.1\.2 .*@invalid\.example/);
    }
  });

  it('fails the first two deliveries of a @flaky.example message, then sends it', async () => {
    await expect(send('ada@flaky.example', 1)).rejects.toBeInstanceOf(ProviderUnavailableError);
    await expect(send('ada@FLAKY.example', 2)).rejects.toThrow(/attempt 2/);
    await expect(send('ada@flaky.example', 3)).resolves.toEqual({ provider: 'log' });
  });

  it('sends anything else on the first attempt', async () => {
    await expect(send('ada@example.com')).resolves.toEqual({ provider: 'log' });
    await expect(send('x@not-flaky.example', 1)).resolves.toEqual({ provider: 'log' });
  });
});
