import pg from 'pg';
import { createRedisClient } from '../../src/transport/bullmq/redis-connection';
import { clusterLayout, singleNodeLayout } from '../../src/transport/bullmq/redis-key-layout';
import { CHAOS_QUEUE } from '../app';
import type { ChaosStore } from './stores';

/**
 * Overwrites the stored data of messages behind the bus's back, as a bug, a hand edit or another
 * producer might: on Redis with text that is not JSON, or (every store) JSON that is no envelope.
 * Returns the form each id got.
 */
export async function corruptMessages(store: ChaosStore, ids: string[]): Promise<Map<string, string>> {
  const forms = ids.map((_, i) =>
    store.kind === 'postgres' || i % 2 === 1 ? '{"not":"an envelope"}' : '{"truncated": "JSON',
  );
  if (store.kind === 'postgres') {
    const url = new URL(store.dsn);
    const schema = url.searchParams.get('schema')!;
    url.search = '';
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      for (const [i, id] of ids.entries()) {
        await client.query(`UPDATE "${schema}".job SET data = $1::jsonb WHERE queue = $2 AND id = $3`, [
          forms[i],
          CHAOS_QUEUE,
          id,
        ]);
      }
    } finally {
      await client.end();
    }
  } else {
    const client = createRedisClient(store.dsn);
    client.on('error', () => undefined);
    const layout = client.isCluster ? clusterLayout(store.prefix) : singleNodeLayout(store.prefix);
    try {
      for (const [i, id] of ids.entries()) {
        await client.hset(`${layout.queuePrefix(CHAOS_QUEUE)}:${CHAOS_QUEUE}:${id}`, 'data', forms[i]!);
      }
    } finally {
      client.disconnect();
    }
  }
  return new Map(ids.map((id, i) => [id, forms[i]!]));
}
