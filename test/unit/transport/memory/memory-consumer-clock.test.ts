import { createEnvelope } from '../../../../src/message/envelope';
import { RetryStrategy } from '../../../../src/retry/retry-strategy';
import { MemoryTransport } from '../../../../src/transport/memory/memory-transport';

/**
 * A loaded process reads the clock at different instants: this one moves 1 ms on every reading, so
 * a delayed message falls due between the consumer's "is one available?" and "when is the next due?".
 */
function tickingClock(start = 1_000_000): () => number {
  let now = start;
  return () => now++;
}

/** Resolves with what `run` resolves with, or rejects once `deadlineMs` have passed (a deadline for failures only). */
function within<T>(deadlineMs: number, run: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${deadlineMs} ms`)), deadlineMs);
  });
  return Promise.race([run, late]).finally(() => clearTimeout(timer));
}

/** Sends one message delayed by `delayMs` and resolves once a consumer has handled it. */
async function handleOne(delayMs: number): Promise<void> {
  const transport = new MemoryTransport(tickingClock());
  let handled!: () => void;
  const done = new Promise<void>((resolve) => (handled = resolve));
  await transport.send(createEnvelope({ type: 't', body: {}, queue: 'q' }), { attempts: 1, delayMs });
  const consumer = transport.consume('q', async () => handled(), {
    concurrency: 1,
    retryFor: () => new RetryStrategy(),
  });
  try {
    await within(10_000, done);
  } finally {
    await consumer.close(true);
    await transport.close();
  }
}

describe('memory consumer under a moving clock', () => {
  // Each delay lands the due time on a different reading of the clock, so one of them falls in the gap.
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'wakes up for a message delayed %i ms that falls due between two readings of the clock',
    async (delayMs) => {
      await expect(handleOne(delayMs)).resolves.toBeUndefined();
    },
  );
});
