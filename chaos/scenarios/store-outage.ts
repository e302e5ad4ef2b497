import { PRODUCER_LOOPS } from '../lib/producer';
import type { StoreKind, StoreOptions } from '../lib/stores';
import { withSession, type ScenarioOutcome } from '../lib/session';

const WORKERS = 2;
const CONCURRENCY = 8;

export interface OutageOptions extends StoreOptions {
  /** `crash`: kill -9 (restart from AOF / WAL); `stop`: a clean shutdown (SIGTERM, PostgreSQL's fast shutdown). */
  how: 'crash' | 'stop';
  /** How long the store stays down while the producer keeps dispatching. */
  downMs: number;
}

/**
 * The store goes away mid-drain while a producer keeps dispatching, and comes back on its own data
 * and port. Dispatches during the outage are refused within the producer's bound and must never
 * be stored later; what was acknowledged before must all be handled; a crash may re-run what was
 * in flight (up to every worker's concurrency).
 */
export function storeOutage(options: OutageOptions) {
  return async (kind: StoreKind, { short }: { short: boolean }): Promise<ScenarioOutcome> =>
    withSession(kind, options, async (session) => {
      await session.producer.dispatchBatch(short ? 300 : 1500, 20);
      await session.startWorkers(WORKERS, { concurrency: CONCURRENCY });
      session.producer.start(5);
      await session.handled(short ? 150 : 600);
      const startedAt = Date.now();
      await session.store.down(options.how);
      await new Promise((resolve) => setTimeout(resolve, options.downMs));
      await session.store.up();
      const fault = { startedAt, endedAt: Date.now() };
      await session.recovered(fault, WORKERS * CONCURRENCY);
      await new Promise((resolve) => setTimeout(resolve, 500)); // producing again
      await session.producer.stop();
      const outcome = await session.finish(fault, WORKERS * CONCURRENCY);
      // A dispatch in flight when the store goes may be stored with its reply lost (one per
      // producer loop). More than that means refused dispatches were kept and sent later.
      if ((outcome.unacknowledgedHandled ?? 0) > PRODUCER_LOOPS) {
        outcome.problems = [
          ...(outcome.problems ?? []),
          `${outcome.unacknowledgedHandled} refused dispatches stored later`,
        ];
      }
      return outcome;
    });
}
