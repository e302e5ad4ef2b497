import { ValidationError } from '../errors';
import { dispatchItems, type BridgeBus } from '../legacy/bridge/bridge';
import { countPending, dueRowsOf, heldRows, takeDueRows } from '../legacy/bridge/due-rows';
import type { LegacyJob } from '../legacy/legacy-mapping';
import type { LegacyRuntime } from '../legacy/legacy-runtime';

export interface ImportSummary {
  job: LegacyJob;
  dryRun: boolean;
  /** Rows waiting (pending) or held by the bus when the import started. */
  found: number;
  dispatched: number;
  /** Held rows whose message is still on the bus (its key dropped the copy). */
  alreadyOnBus: number;
  skipped: Record<string, number>;
}

/**
 * One-shot import of a job's backlog: every due pending row is taken and dispatched (as the bridge
 * does, without waiting for ticks), and every row already held is offered again under its key, so a
 * message lost in between is dispatched and one still there is not. Safe to run twice.
 */
export async function importBacklog(
  rt: LegacyRuntime,
  bus: BridgeBus,
  job: LegacyJob,
  options: { dryRun?: boolean; batch?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportSummary> {
  const mode = await rt.flags.mode(job);
  if (mode !== 'symphony')
    throw new ValidationError('Cannot import the backlog', [
      {
        path: 'job',
        message: `${job} runs "${mode}": switch it first with \`symphony flags:set ${job} symphony\``,
      },
    ]);
  const d = dueRowsOf(rt.mapping, job);
  const limit = options.batch ?? rt.mapping.batchSize;
  const counts = await countPending(rt.db, d);
  const summary: ImportSummary = {
    job,
    dryRun: Boolean(options.dryRun),
    found: counts.pending + counts.held,
    dispatched: 0,
    alreadyOnBus: 0,
    skipped: counts.notDue > 0 ? { 'not due yet (the bridge takes them when due)': counts.notDue } : {},
  };
  const total = summary.found - counts.notDue;
  const progress = (n: number) => options.onProgress?.(n, total);
  if (options.dryRun) return summary;
  let done = 0;
  let after: string | undefined;
  for (;;) {
    const page = await heldRows(rt.db, d, after, limit);
    if (page.length === 0) break;
    after = page.at(-1)!.rowId;
    const results = await dispatchItems(bus, page);
    const again = results.filter((r) => r.deduplicated).length;
    summary.alreadyOnBus += again;
    summary.dispatched += page.length - again;
    progress((done += page.length));
  }
  for (;;) {
    const moved = await rt.db
      .transaction(async (tx) => {
        const items = await takeDueRows(tx, d, limit);
        const valid = items.filter((i) => bus.catalog.get(i.type).schema.safeParse(i.body).success);
        if (valid.length < items.length) throw new InvalidRowsError(items.length - valid.length);
        await dispatchItems(bus, valid);
        return items.length;
      })
      .catch((error) => {
        if (!(error instanceof InvalidRowsError)) throw error;
        summary.skipped['invalid content (the bridge marks them failed)'] = error.count;
        return 0;
      });
    summary.dispatched += moved;
    progress((done += moved));
    if (moved < limit) break;
  }
  return summary;
}

/** A page with rows no message accepts: rolled back whole, left to the bridge (which fails them with the reason). */
class InvalidRowsError extends Error {
  constructor(readonly count: number) {
    super(`${count} rows are not valid messages`);
  }
}
