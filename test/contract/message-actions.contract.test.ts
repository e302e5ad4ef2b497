import { MessageSearch } from '../../src/messages/message-search';
import { eventually } from '../helpers/bus';
import { email, searchFixture, type SearchFixture } from './search-fixture';
import { contractTargets } from './targets';

describe.each(contractTargets)('contract on $name: message detail and actions', (target) => {
  let f: SearchFixture;
  let messages: MessageSearch;
  beforeAll(async () => {
    f = await searchFixture(target);
    messages = new MessageSearch(f.bus);
  }, 120_000);
  afterAll(() => f?.close());

  const stateOf = async (id: string) => (await messages.show(id)).state;

  it('shows a failed message: envelope, every attempt with times, error and stack, timeline, actions', async () => {
    const id = f.ids.failed![0]!;
    const detail = await messages.show(id);
    expect(detail).toMatchObject({
      id,
      queue: 'mail',
      type: 'search.email',
      state: 'failed',
      maxAttempts: 3,
    });
    expect(detail.envelope).toMatchObject({ id, body: { to: 'bob@example.com', text: 'boom 0' } });
    expect(detail.attempts).toHaveLength(3);
    for (const [i, attempt] of detail.attempts.entries()) {
      expect(attempt).toMatchObject({
        attempt: i + 1,
        outcome: 'failed',
      });
      expect(attempt.error!.message).toContain('bounced: boom 0');
      expect(attempt.error!.stack).toContain('bounced: boom 0');
      expect(Date.parse(attempt.endedAt!)).toBeGreaterThanOrEqual(Date.parse(attempt.startedAt!));
    }
    expect(detail.timeline.map((e) => e.event)).toEqual([
      'dispatched',
      ...['started', 'attempt-failed', 'started', 'attempt-failed', 'started', 'attempt-failed'],
      'failed',
    ]);
    expect(detail.actions).toEqual([
      { action: 'retry', command: `symphony messages:retry ${id} --queue mail` },
      { action: 'remove', command: `symphony messages:remove ${id} --queue mail` },
    ]);
  });

  it('shows completed, active and delayed messages with what their state allows', async () => {
    const done = await messages.show(f.ids.completedSms![0]!, 'sms');
    expect(done.attempts).toMatchObject([{ attempt: 1, outcome: 'completed' }]);
    expect(done.timeline.map((e) => e.event)).toEqual(['dispatched', 'started', 'completed']);
    expect(done.actions.map((a) => a.action)).toEqual(['remove']);
    const active = await messages.show(f.ids.active![0]!);
    expect(active).toMatchObject({ state: 'active', actions: [], attempts: [{ outcome: 'running' }] });
    const delayed = await messages.show(f.ids.delayed![0]!);
    expect(delayed.actions.map((a) => a.action)).toEqual(['promote', 'remove']);
    expect(delayed.timeline.at(-1)).toMatchObject({ event: 'due', at: delayed.dueAt });
    await expect(messages.show('no-such-id')).rejects.toMatchObject({ code: 'MESSAGE_NOT_FOUND' });
    await expect(messages.show(f.ids.active![0]!, 'mail')).rejects.toMatchObject({
      code: 'MESSAGE_NOT_FOUND',
    });
  });

  it('refuses actions the state does not allow', async () => {
    const conflict = { code: 'MESSAGE_STATE_CONFLICT' };
    await expect(messages.remove(f.ids.active![0]!)).rejects.toMatchObject(conflict);
    await expect(messages.promote(f.ids.waiting![0]!)).rejects.toMatchObject(conflict);
    await expect(messages.retry(f.ids.completedMail![0]!)).rejects.toMatchObject(conflict);
    await expect(messages.retry('no-such-id')).rejects.toMatchObject({ code: 'MESSAGE_NOT_FOUND' });
    expect(await stateOf(f.ids.active![0]!)).toBe('active');
  });

  it('removes a pending message atomically, releasing its idempotency key, and a finished one', async () => {
    const [pending, keyed] = [f.ids.waiting![0]!, f.ids.prioritized![1]!];
    expect(await messages.remove(pending)).toEqual({ id: pending, queue: 'sms', action: 'remove' });
    expect(await messages.remove(keyed, 'mail')).toMatchObject({ action: 'remove' });
    expect(await messages.remove(f.ids.completedMail![5]!)).toMatchObject({ action: 'remove' });
    for (const id of [pending, keyed, f.ids.completedMail![5]!]) {
      expect((await messages.search({ id })).items).toEqual([]);
    }
    await expect(messages.remove(pending)).rejects.toMatchObject({ code: 'MESSAGE_NOT_FOUND' });
    const again = await f.bus.dispatch(
      email,
      { to: 'eve@example.com', text: 'queued b' },
      { idempotencyKey: 'key-9' },
    );
    expect(again.deduplicated).toBe(false);
  });

  it('retries a failed message and promotes a delayed one; both are then handled', async () => {
    const [failed, delayed] = [f.ids.failed![1]!, f.ids.delayed![0]!];
    f.heal();
    expect(await messages.retry(failed)).toEqual({ id: failed, queue: 'mail', action: 'retry' });
    expect(await messages.promote(delayed)).toEqual({ id: delayed, queue: 'mail', action: 'promote' });
    expect(await stateOf(delayed)).toBe('prioritized');
    const consumer = f.bus.consume('mail');
    try {
      await eventually(
        async () => [await stateOf(failed), await stateOf(delayed)],
        (s) => s.every((x) => x === 'completed'),
        30_000,
      );
    } finally {
      await consumer.close();
    }
    const retried = await messages.show(failed);
    expect(retried.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed', 'completed']);
  });
});
