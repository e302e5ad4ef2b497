import { quoteSchemaName, type PgPool, type Queue } from 'bullmq';

// BullMQ's own removal script (not exported by name; no typings for the file).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { removeJob } = require('bullmq/dist/cjs/scripts/removeJob-2') as { removeJob: { content: string } };

/**
 * Removes a message only while it is in the failed store, in one step: a check followed by a
 * delete lets a retry land in between, and the delete then takes a message that is waiting again.
 * Resolves to whether it was removed.
 */
export type RemoveIfFailed = (queue: Queue, id: string) => Promise<boolean>;

/** BullMQ's own removal script, with the check in front of it: one script, so atomic on Redis. */
const GUARD_ANCHOR = 'local repeatKey = KEYS[2]\n';
const REMOVE_IF_FAILED_LUA = guarded(removeJob.content);

function guarded(script: string): string {
  if (!script.includes(GUARD_ANCHOR)) {
    throw new Error("bullmq's removeJob script changed shape: update remove-if-failed.ts");
  }
  return script.replace(
    GUARD_ANCHOR,
    `${GUARD_ANCHOR}if not rcall("ZSCORE", prefix .. "failed", jobId) then return 0 end\n`,
  );
}

interface ScriptClient {
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
  symphonyRemoveIfFailed?: (...args: (string | number)[]) => Promise<number>;
}

export const redisRemoveIfFailed: RemoveIfFailed = async (queue, id) => {
  const backend = queue.getBackend() as unknown as { client: Promise<ScriptClient> };
  const client = await backend.client;
  if (!client.symphonyRemoveIfFailed) {
    client.defineCommand('symphonyRemoveIfFailed', { numberOfKeys: 2, lua: REMOVE_IF_FAILED_LUA });
  }
  // Same keys and arguments as BullMQ's Queue.remove(id) (children removed with it).
  const removed = await client.symphonyRemoveIfFailed!(
    queue.toKey(id),
    queue.toKey('repeat'),
    id,
    1,
    queue.toKey(''),
  );
  return removed === 1;
};

/**
 * PostgreSQL and PGlite: the row locked while still failed, then BullMQ's own remove(), in one
 * statement. A retry holding the row is waited for; once it committed the row is no longer
 * failed and nothing is removed.
 */
export function sqlRemoveIfFailed(pool: PgPool, schema: string, ready: () => Promise<void>): RemoveIfFailed {
  const s = quoteSchemaName(schema);
  const sql = `WITH target AS MATERIALIZED (
      SELECT id FROM ${s}.job WHERE queue = $1 AND id = $2 AND state = 'failed' FOR UPDATE
    ) SELECT ${s}.remove($1, id, true) AS n FROM target`;
  return async (queue, id) => {
    await ready();
    const { rows } = await pool.query<{ n: number }>(sql, [queue.name, id]);
    return Number(rows[0]?.n ?? 0) === 1;
  };
}
