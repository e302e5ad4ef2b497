import type { DispatchMiddleware, DispatchResult } from '../../../src/bus/middleware';
import { sendInBatches } from '../../../src/bus/send-in-batches';
import { createEnvelope, type Envelope } from '../../../src/message/envelope';

const envelopes = (n: number) =>
  Array.from({ length: n }, (_, i) => createEnvelope({ type: 't.x', body: { i }, queue: 'q' }));

/** A sendMany that records each call and answers one result per envelope, in order. */
function recorder() {
  const calls: Envelope[][] = [];
  const sendMany = async (batch: Envelope[]): Promise<DispatchResult[]> => {
    calls.push(batch);
    return batch.map((e) => ({ id: e.id, queue: e.queue, deduplicated: false }));
  };
  return { calls, sendMany };
}

describe('sendInBatches', () => {
  it('sends everything in one call per chunk and returns results in input order', async () => {
    const input = envelopes(5);
    const { calls, sendMany } = recorder();
    const results = await sendInBatches(input, [], sendMany, 2);
    expect(calls.map((c) => c.length)).toEqual([2, 2, 1]);
    expect(results.map((r) => r.id)).toEqual(input.map((e) => e.id));
  });

  it('runs each envelope through the middleware and sends the envelope it passes on', async () => {
    const stamp: DispatchMiddleware = (e, next) => next({ ...e, headers: { stamped: 'yes' } });
    const { calls, sendMany } = recorder();
    await sendInBatches(envelopes(3), [stamp], sendMany);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.map((e) => e.headers)).toEqual([
      { stamped: 'yes' },
      { stamped: 'yes' },
      { stamped: 'yes' },
    ]);
  });

  it('lets middleware see and change each result', async () => {
    const tag: DispatchMiddleware = async (e, next) => ({ ...(await next(e)), existingId: 'seen' });
    const { sendMany } = recorder();
    const results = await sendInBatches(envelopes(2), [tag], sendMany);
    expect(results.every((r) => r.existingId === 'seen')).toBe(true);
  });

  it('leaves a short-circuited item out of the send and keeps its own result in place', async () => {
    const input = envelopes(3);
    const skipSecond: DispatchMiddleware = async (e, next) =>
      e === input[1] ? { id: 'skipped', queue: e.queue, deduplicated: true } : next(e);
    const { calls, sendMany } = recorder();
    const results = await sendInBatches(input, [skipSecond], sendMany);
    expect(calls[0]!.map((e) => e.id)).toEqual([input[0]!.id, input[2]!.id]);
    expect(results.map((r) => r.id)).toEqual([input[0]!.id, 'skipped', input[2]!.id]);
  });

  it('still sends the other items when an async middleware rejects one, then rejects', async () => {
    const input = envelopes(3);
    const refuseFirst: DispatchMiddleware = async (e, next) => {
      if (e === input[0]) throw new Error('refused');
      return next(e);
    };
    const { calls, sendMany } = recorder();
    await expect(sendInBatches(input, [refuseFirst], sendMany)).rejects.toThrow('refused');
    expect(calls[0]!.map((e) => e.id)).toEqual([input[1]!.id, input[2]!.id]);
  });

  it('rejects every waiting item when the send fails', async () => {
    await expect(
      sendInBatches(envelopes(2), [], async () => Promise.reject(new Error('redis down'))),
    ).rejects.toThrow('redis down');
  });

  it('does not call sendMany when nothing reaches the end of the chain', async () => {
    const { calls, sendMany } = recorder();
    const drop: DispatchMiddleware = async (e) => ({ id: e.id, queue: e.queue, deduplicated: true });
    await expect(sendInBatches(envelopes(2), [drop], sendMany)).resolves.toHaveLength(2);
    expect(calls).toHaveLength(0);
    await expect(sendInBatches([], [], sendMany)).resolves.toEqual([]);
  });
});
