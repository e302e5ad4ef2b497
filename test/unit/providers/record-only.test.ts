import { runRecordOnly } from '../../../src/legacy/record-only';
import { createLogger } from '../../../src/logger';
import type { Providers } from '../../../handlers/providers/provider';
import { recordOnlyInShadow, type RecordedSend } from '../../../handlers/providers/record-only';

const log = createLogger('silent');

describe('providers in a shadow delivery', () => {
  const sent: string[] = [];
  const recorded: RecordedSend[] = [];
  const inner: Providers = {
    email: {
      name: 'smtp',
      send: async (mail) => (sent.push(mail.to), { provider: 'smtp', providerId: 'x' }),
    },
    sms: {
      name: 'twilio',
      send: async (sms) => (sent.push(sms.to), { provider: 'twilio', providerId: 'SM1' }),
    },
  };
  const providers = recordOnlyInShadow(inner, { record: async (entry) => void recorded.push(entry) });
  const mail = { to: 'ada@example.com', subject: 'Hi', text: 'Hello', messageId: 'm1' };
  const sms = { to: '+33612345678', body: 'Step 1', idempotencyKey: 'm2' };

  it('record what they would send and send nothing inside record-only scope', async () => {
    const receipts = await runRecordOnly(async () => [
      await providers.email.send(mail, log),
      await providers.sms.send(sms, log),
    ]);
    expect(sent).toEqual([]);
    expect(receipts).toEqual([
      { provider: 'smtp', recorded: true },
      { provider: 'twilio', recorded: true },
    ]);
    expect(recorded).toEqual([
      { channel: 'email', provider: 'smtp', to: 'ada@example.com', subject: 'Hi', body: 'Hello', key: 'm1' },
      { channel: 'sms', provider: 'twilio', to: '+33612345678', body: 'Step 1', key: 'm2' },
    ]);
  });

  it('send as usual outside it', async () => {
    expect(await providers.email.send(mail, log)).toEqual({ provider: 'smtp', providerId: 'x' });
    expect(await providers.sms.send(sms, log)).toEqual({ provider: 'twilio', providerId: 'SM1' });
    expect(sent).toEqual(['ada@example.com', '+33612345678']);
  });
});
