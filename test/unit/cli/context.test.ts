import { unusableStoresMessage } from '../../../src/cli/context';

describe('the one line for stores a short command cannot use', () => {
  it('names each store and asks whether it runs, without db:migrate when no schema is involved', () => {
    const message = unusableStoresMessage([
      { transport: 'redis', queues: ['emails', 'sms'], ok: false, reason: 'unreachable' },
    ]);
    expect(message).toBe(
      'the redis store of emails, sms is not usable (unreachable). ' +
        "Is it running, and is SYMPHONY_TRANSPORT_DSN (or the queue's dsn) right?",
    );
  });

  it('suggests `symphony db:migrate` when a schema is the problem', () => {
    const message = unusableStoresMessage([
      { transport: 'redis', queues: ['emails'], ok: false, reason: 'unreachable' },
      { transport: 'postgres', queues: ['reports'], ok: false, reason: 'DB_SCHEMA_OUTDATED' },
    ]);
    expect(message).toMatch(
      /^the redis store of emails .*; the postgres store of reports .*DB_SCHEMA_OUTDATED/,
    );
    expect(message).toMatch(/ An outdated schema needs `symphony db:migrate`\.$/);
  });
});
