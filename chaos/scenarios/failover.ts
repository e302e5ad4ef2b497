import { CHAOS_QUEUE } from '../app';
import { withSession, type ScenarioOutcome } from '../lib/session';
import type { ChaosStore } from '../lib/stores';
import { until, type RedisProcess } from '../../test/helpers/redis-process';

const WORKERS = 2;
/** CHAOS_WAIT_REPLICAS=0 measures what a failover costs without replica confirmation. */
const WAIT_REPLICAS = Number(process.env.CHAOS_WAIT_REPLICAS ?? 1);
const CONCURRENCY = 8;

/**
 * The master that holds the queue dies (kill -9) mid-drain while a producer keeps dispatching;
 * nobody restarts anything: Sentinel promotes the replica (or the cluster its shard's replica) and
 * the same workers and producer carry on. Replication is asynchronous: with two replicas and
 * waitReplicas=1 a dispatch is acknowledged once a replica holds it, so none is lost; a completion
 * the old master took but did not pass on is run again (counted, as "finished before the kill").
 */
export function failover(kind: 'redis-sentinel' | 'redis-cluster') {
  return async (_: unknown, { short }: { short: boolean }): Promise<ScenarioOutcome> =>
    withSession(kind, { replicas: 2, waitReplicas: WAIT_REPLICAS }, async (session) => {
      await session.producer.dispatchBatch(short ? 300 : 1500, 20);
      await session.startWorkers(WORKERS, { concurrency: CONCURRENCY });
      session.producer.start(5);
      await session.handled(short ? 150 : 600);
      const master = await queueMaster(session.store);
      const startedAt = Date.now();
      await master.kill('SIGKILL');
      const endedAt = Date.now(); // nobody undoes a failover: the system heals from here
      await promoted(session.store, master);
      const promotedMs = Date.now() - startedAt;
      await session.recovered({ startedAt, endedAt }, WORKERS * CONCURRENCY);
      await new Promise((resolve) => setTimeout(resolve, 500)); // producing again
      await session.producer.stop();
      const outcome = await session.finish({ startedAt, endedAt }, WORKERS * CONCURRENCY);
      return {
        ...outcome,
        note: [
          `replica promoted after ${(promotedMs / 1000).toFixed(1)} s`,
          `${session.rerunAfterDone(startedAt)} duplicates had finished before the kill`,
          outcome.note,
        ]
          .filter(Boolean)
          .join('; '),
      };
    });
}

/** The data node that holds the chaos queue's keys now. */
async function queueMaster(store: ChaosStore): Promise<RedisProcess> {
  if (store.sentinel) return store.sentinel.master();
  return (await slotHolder(clusterNodes(store)))!;
}

/** Waits until another node serves as master (the failover happened). */
async function promoted(store: ChaosStore, old: RedisProcess): Promise<void> {
  if (store.sentinel) {
    await store.sentinel.failedOver(old);
    return;
  }
  const others = clusterNodes(store).filter((n) => n !== old);
  await until('a replica promoted', async () => (await slotHolder(others)) !== undefined);
}

const clusterNodes = (store: ChaosStore) => [...store.cluster!.masters, ...store.cluster!.replicas];

/** Which of `nodes` serves the queue's slot, as the first live one of them sees the cluster. */
async function slotHolder(nodes: RedisProcess[]): Promise<RedisProcess | undefined> {
  const port = await nodes
    .find((n) => n.running)!
    .command(async (client) => {
      const slot = await client.cluster('KEYSLOT', CHAOS_QUEUE); // the queue's hash tag is its name
      const ranges = await client.cluster('SLOTS');
      return ranges.find(([from, to]) => slot >= from && slot <= to)?.[2]?.[1];
    });
  return nodes.find((n) => n.port === port);
}
