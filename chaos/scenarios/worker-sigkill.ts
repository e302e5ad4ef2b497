import type { StoreKind } from '../lib/stores';
import { withSession, type ScenarioOutcome } from '../lib/session';

const CONCURRENCY = 8;

/**
 * Two workers at concurrency 8 drain a backlog; one is SIGKILLed mid-drain (no shutdown, no lock
 * release). The other carries on and takes the dead one's messages back once their locks expire.
 * Those messages may run twice (the dead worker may have finished them without acknowledging):
 * at most its in-flight count.
 */
export async function workerSigkill(
  kind: StoreKind,
  { short }: { short: boolean },
): Promise<ScenarioOutcome> {
  return withSession(kind, {}, async (session) => {
    const total = short ? 600 : 3000;
    await session.producer.dispatchBatch(total, 50); // 50 ms each: a drain of seconds, so the kill lands mid-drain
    const [victim] = await session.startWorkers(2, { concurrency: CONCURRENCY });
    await session.handled(total / 4);
    const startedAt = Date.now();
    await victim!.kill(); // SIGKILL
    const outcome = await session.finish({ startedAt, endedAt: Date.now() }, CONCURRENCY);
    const caught = session.inFlightOf(victim!.pid, startedAt);
    return {
      ...outcome,
      note: [`${caught} in flight in the killed worker`, outcome.note].filter(Boolean).join('; '),
    };
  });
}
