import { quoteSchemaName, type PgQueryable } from 'bullmq';
import { ValidationError } from '../../errors';
import { typePrefix } from '../../message/type-pattern';
import type { BrowsePage, BrowseStep, MessageFilter, MessageState } from '../message-browser';
import type { JobIndex } from './bullmq-message-browser';
import { summaryOfJob, type JobPlace } from './job-message';

/** One row of BullMQ's `job` table, as the search reads it (the body stays in the database). */
interface JobRow {
  kind: 'hit' | 'last';
  rn: string;
  queue: string;
  id: string;
  name: string;
  state: string;
  priority: number;
  head: unknown;
  added_at_ms: string;
  process_at_ms: string | null;
  processed_at_ms: string | null;
  finished_at_ms: string | null;
  attempts_made: number;
  failed_reason: string | null;
  scheduler_id: string | null;
}

/** BullMQ's SQL states: prioritized is a waiting row with a priority. */
const STATE_SQL: Record<MessageState, string> = {
  active: `state = 'active'`,
  waiting: `(state = 'waiting' AND priority = 0)`,
  prioritized: `(state = 'waiting' AND priority > 0)`,
  delayed: `state = 'delayed'`,
  failed: `state = 'failed'`,
  completed: `state = 'completed'`,
};

/**
 * Search on BullMQ's PostgreSQL backend (server or PGlite): one query per page, newest dispatched
 * first, keyset-paginated on (added_at_ms, queue, id). Every filter but the body text runs in the
 * database on indexes (see sql-search-indexes.ts); the body text is matched within a window of
 * at most `budget` rows, so a page never reads the whole table and says where it stopped.
 */
export class SqlJobIndex implements JobIndex {
  constructor(
    private readonly db: PgQueryable,
    private readonly schema: string,
    private readonly gate: () => Promise<void>,
  ) {}

  async browse(queues: readonly string[], filter: MessageFilter, step: BrowseStep): Promise<BrowsePage> {
    await this.gate();
    const params: unknown[] = [queues];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where = ['queue = ANY($1)', ...this.conditions(filter, p)];
    const after = step.after === undefined ? undefined : parseKey(step.after);
    if (after) where.push(`(added_at_ms, queue, id) < (${p(after[0])}, ${p(after[1])}, ${p(after[2])})`);
    // Without a text filter every row of the window is a hit: the window is the page (+1 to know if more).
    const windowSize = filter.text ? step.budget : step.limit + 1;
    const hit = filter.text ? `strpos(lower((data->'body')::text), lower(${p(filter.text)})) > 0` : 'true';
    const order = 'added_at_ms DESC, queue DESC, id DESC';
    // The window is cut by the index walk first; its rows are numbered after, so no sort of the table.
    const { rows } = await this.db.query<JobRow>(
      `WITH w AS (
         SELECT *, row_number() OVER (ORDER BY ${order}) AS rn FROM (
           SELECT queue, id, name, state::text AS state, priority, ${hit} AS hit,
                  CASE WHEN jsonb_typeof(data) = 'object' THEN data - 'body' ELSE data END AS head,
                  added_at_ms, process_at_ms, processed_at_ms, finished_at_ms, attempts_made,
                  failed_reason, scheduler_id
             FROM ${quoteSchemaName(this.schema)}.job
            WHERE ${where.join(' AND ')}
            ORDER BY ${order}
            LIMIT ${p(windowSize)}
         ) page
       )
       SELECT * FROM (SELECT 'hit' AS kind, * FROM w WHERE hit ORDER BY rn LIMIT ${p(step.limit)}) hits
       UNION ALL
       SELECT * FROM (SELECT 'last' AS kind, * FROM w ORDER BY rn DESC LIMIT 1) last`,
      params,
    );
    const hits = rows.filter((r) => r.kind === 'hit');
    const last = rows.find((r) => r.kind === 'last');
    const seen = Number(last?.rn ?? 0);
    const filled = seen === windowSize; // the window was full: the table may hold more
    const items = hits.map(summaryOf);
    const lastHit = hits.at(-1);
    if (lastHit && hits.length === step.limit && (Number(lastHit.rn) < seen || filled)) {
      return { items, scanned: Number(lastHit.rn), next: keyOf(lastHit) };
    }
    if (last && hits.length < step.limit && filled) return { items, scanned: seen, next: keyOf(last) };
    return { items, scanned: seen };
  }

  async placeOf(queue: string, id: string): Promise<JobPlace | undefined> {
    await this.gate();
    const { rows } = await this.db.query<{ state: string; priority: number; process_at_ms: string | null }>(
      `SELECT state::text AS state, priority, process_at_ms FROM ${quoteSchemaName(this.schema)}.job
        WHERE queue = $1 AND id = $2`,
      [queue, id],
    );
    const row = rows[0];
    return row && placeOf(row);
  }

  /** The filter as SQL conditions; `p` binds a value and returns its placeholder. */
  private conditions(filter: MessageFilter, p: (value: unknown) => string): string[] {
    const where: string[] = [];
    if (filter.states) where.push(`(${filter.states.map((s) => STATE_SQL[s]).join(' OR ')})`);
    else where.push(`state <> 'waiting-children'`);
    if (filter.type && filter.type !== '*') {
      const prefix = typePrefix(filter.type);
      where.push(
        prefix === undefined ? `name = ${p(filter.type)}` : `left(name, ${p(prefix.length)}) = ${p(prefix)}`,
      );
    }
    if (filter.since !== undefined) where.push(`added_at_ms >= ${p(filter.since)}`);
    if (filter.until !== undefined) where.push(`added_at_ms <= ${p(filter.until)}`);
    if (filter.idempotencyKey !== undefined) {
      where.push(`data->'meta'->>'idempotencyKey' = ${p(filter.idempotencyKey)}`);
    }
    if (filter.correlationId !== undefined) {
      // The compact form leaves out a correlation id equal to the message id.
      const c = p(filter.correlationId);
      where.push(
        `(data->'meta'->>'correlationId' = ${c} OR (id = ${c} AND data->'meta'->>'correlationId' IS NULL))`,
      );
    }
    return where;
  }
}

function placeOf(row: {
  state: string;
  priority: number;
  process_at_ms: string | null;
}): JobPlace | undefined {
  if (row.state === 'waiting') return { state: row.priority > 0 ? 'prioritized' : 'waiting' };
  if (row.state === 'delayed') {
    return { state: 'delayed', ...(row.process_at_ms ? { dueAt: Number(row.process_at_ms) } : {}) };
  }
  if (row.state === 'active' || row.state === 'completed' || row.state === 'failed')
    return { state: row.state };
  return undefined; // waiting-children: flows, which Symphony does not create
}

function summaryOf(row: JobRow) {
  return summaryOfJob(
    {
      id: row.id,
      name: row.name,
      data: row.head,
      queueName: row.queue,
      timestamp: Number(row.added_at_ms),
      ...(row.scheduler_id ? { repeatJobKey: row.scheduler_id } : {}),
      opts: { priority: row.priority },
      ...(row.processed_at_ms ? { processedOn: Number(row.processed_at_ms) } : {}),
      ...(row.finished_at_ms ? { finishedOn: Number(row.finished_at_ms) } : {}),
      attemptsMade: row.attempts_made,
      ...(row.failed_reason ? { failedReason: row.failed_reason } : {}),
    },
    placeOf(row) ?? { state: 'waiting' },
  );
}

const keyOf = (row: JobRow): string => JSON.stringify([Number(row.added_at_ms), row.queue, row.id]);

function parseKey(after: string): [number, string, string] {
  try {
    const key = JSON.parse(after) as unknown;
    if (
      Array.isArray(key) &&
      Number.isFinite(key[0]) &&
      typeof key[1] === 'string' &&
      typeof key[2] === 'string'
    ) {
      return key as [number, string, string];
    }
  } catch {
    // reported below
  }
  throw new ValidationError('Invalid cursor', [{ path: 'cursor', message: 'not a position of this search' }]);
}
