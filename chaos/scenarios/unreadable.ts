import { until } from '../../test/helpers/redis-process';
import { CHAOS_QUEUE, chaosWork } from '../app';
import { corruptMessages } from '../lib/corrupt';
import { withSession, type ScenarioOutcome } from '../lib/session';
import type { StoreKind } from '../lib/stores';

const POISON = 4;

/**
 * Messages whose stored data nobody can read (finding 4) sit among readable ones. Each must reach
 * the failed store at once with its reason and a log line naming it, and show there, never loop
 * as a stalled message, while every readable message is handled once.
 */
export async function unreadableMessages(
  kind: StoreKind,
  { short }: { short: boolean },
): Promise<ScenarioOutcome> {
  return withSession(kind, {}, async (session) => {
    await session.producer.dispatchBatch(short ? 200 : 1000, 5);
    const poison: string[] = [];
    for (let n = 0; n < POISON; n++)
      poison.push((await session.producer.bus.dispatch(chaosWork, { n, ms: 0 })).id);
    await corruptMessages(session.store, poison);
    const workers = await session.startWorkers(2, { concurrency: 8 });
    const began = Date.now();
    const failed = session.producer.bus.queues.transport(CHAOS_QUEUE).failed!;
    // the failed store must show them (an operator inspects, retries or removes them there)
    const reasons = () =>
      Promise.all(
        poison.map((id) =>
          failed.getFailed(CHAOS_QUEUE, id).then(
            (message) => message?.error.message,
            (error: Error) => `the failed store cannot read it (${error.message})`,
          ),
        ),
      );
    const problems: string[] = [];
    await until(
      'every unreadable message in the failed store',
      async () => (await reasons()).every(Boolean),
      30_000,
    ).catch((error: Error) => problems.push(error.message));
    const inFailedMs = Date.now() - began;
    const outcome = await session.finish(undefined, 0, 60_000);
    const unlogged = poison.filter(
      (id) => !workers.some((w) => w.logs.some((l) => JSON.stringify(l).includes(id))),
    );
    if (unlogged.length)
      problems.push(`${unlogged.length} of ${POISON} unreadable messages without a log line`);
    const seen = [...new Set((await reasons()).map((r) => r ?? 'not in the failed store'))];
    if (seen.some((r) => r.startsWith('the failed store cannot')))
      problems.push('unreadable messages break the failed store');
    const note = `${POISON} unreadable, in the failed store ${(inFailedMs / 1000).toFixed(1)} s after the workers started: ${seen.join(' | ')}`;
    return {
      ...outcome,
      note: [note, outcome.note].filter(Boolean).join('; '),
      problems: [...(outcome.problems ?? []), ...problems],
    };
  });
}
