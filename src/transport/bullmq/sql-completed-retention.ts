import { quoteSchemaName, type DefaultJobOptions, type PgQueryable } from 'bullmq';

/** Most rows one trim statement deletes; a larger backlog (after an upgrade) takes several. */
const TRIM_BATCH = 1000;

/**
 * What the SQL stores store per job: a count retention is left to SqlCompletedRetention (0 kept: the
 * job goes at once, a delete by key); failed messages keep BullMQ's age retention (a range delete).
 */
export function sqlJobRetention(retention: {
  completedCount: number;
  failedAgeSeconds: number;
}): DefaultJobOptions {
  return {
    removeOnComplete: retention.completedCount === 0,
    removeOnFail: { age: retention.failedAgeSeconds },
  };
}

/**
 * SYMPHONY_KEEP_COMPLETED on PostgreSQL and PGlite. BullMQ's PostgreSQL backend applies a count
 * retention inside every completion: one DELETE that reads every kept row (1,000 by default) in the
 * transaction that finishes the job and fetches the next. That was most of the database's CPU per
 * handled message, and concurrent completions deleting the same rows deadlocked each other.
 *
 * Jobs are stored without it (sqlJobRetention) and each process trims a queue once `every` of its
 * own completions have accumulated: a queue holds at most `keep + every` completed messages, plus
 * what completes during a trim. Rows another transaction holds are skipped (SKIP
 * LOCKED), so a trim never waits and cannot deadlock; what it skips, the next trim takes. A trim that
 * fails (the store went away) is dropped the same way.
 */
export class SqlCompletedRetention {
  /**
   * Completions between trims: a quarter of what is kept. A trim reads the kept rows once, so this
   * costs about five row reads per completion whatever is kept.
   */
  readonly every: number;
  private readonly since = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly db: PgQueryable,
    private readonly schema: string,
    private readonly keep: number,
  ) {
    this.every = Math.max(1, Math.ceil(keep / 4));
  }

  /** A message of `queue` completed in this process: trims once `every` have, one trim at a time. */
  completed(queue: string): void {
    this.since.set(queue, (this.since.get(queue) ?? 0) + 1);
    this.trimIfDue(queue);
  }

  /** Completions that came during a trim are counted for the next, which starts as it ends. */
  private trimIfDue(queue: string): void {
    if (this.running.has(queue) || (this.since.get(queue) ?? 0) < this.every) return;
    this.since.set(queue, 0);
    const run = this.trim(queue)
      .catch(() => 0)
      .then(() => {
        this.running.delete(queue);
        this.trimIfDue(queue);
      });
    this.running.set(queue, run);
  }

  /** Deletes the completed messages of `queue` older than the newest `keep`; returns how many. */
  async trim(queue: string): Promise<number> {
    const edge = await this.edge(queue);
    if (edge === undefined) return 0;
    let total = 0;
    for (;;) {
      const deleted = await this.deleteOlder(queue, edge);
      total += deleted;
      if (deleted < TRIM_BATCH) return total;
    }
  }

  /** Resolves once no trim is running. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /**
   * The finish time of the keep-th newest completed message, read backwards on BullMQ's index of
   * finished jobs; undefined while no more than `keep` are there (no second row past the offset).
   */
  private async edge(queue: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ finished: string }>(
      `SELECT finished_at_ms AS finished FROM ${this.job}
        WHERE queue = $1 AND state = 'completed'
        ORDER BY finished_at_ms DESC OFFSET $2 LIMIT 2`,
      [queue, this.keep - 1],
    );
    return rows.length === 2 ? rows[0]!.finished : undefined;
  }

  /**
   * One batch of the completed messages finished before the edge. Those finished in the edge's very
   * millisecond stay: ties keep a few more, never fewer. Locked rows are skipped, never waited for.
   */
  private async deleteOlder(queue: string, edge: string): Promise<number> {
    const { rows } = await this.db.query<{ deleted: string }>(
      `WITH doomed AS (
         SELECT id FROM ${this.job}
          WHERE queue = $1 AND state = 'completed' AND finished_at_ms < $2
          LIMIT $3
          FOR UPDATE SKIP LOCKED
       ), gone AS (
         DELETE FROM ${this.job} j USING doomed WHERE j.queue = $1 AND j.id = doomed.id RETURNING 1
       )
       SELECT count(*) AS deleted FROM gone`,
      [queue, edge, TRIM_BATCH],
    );
    return Number(rows[0]?.deleted ?? 0);
  }

  private get job(): string {
    return `${quoteSchemaName(this.schema)}.job`;
  }
}
