import type { MessageBus } from '../../bus/follow-up-bus';
import type { MessageCatalog } from '../../message/message-catalog';
import type { FlagMode } from '../../flags/flag-mode';
import type { LegacySql } from '../legacy-db';
import { legacyRowHeaders } from '../legacy-headers';
import { legacyJobs, type LegacyJob } from '../legacy-mapping';
import type { LegacyRuntime } from '../legacy-runtime';
import { releaseHeldRows } from '../release-rows';
import { rowGuards } from '../row-guards';
import { ensureShadowTable } from '../shadow-outcomes';
import { dueRowsOf, shadowDueRows, takeDueRows, type BridgeItem } from './due-rows';

export interface BridgeJobResult {
  job: LegacyJob;
  mode: FlagMode;
  /** Rows now on the bus (dispatched, or dropped as a duplicate of a message already there). */
  dispatched: number;
  /** Rows whose content no message accepts: marked failed with the reason. */
  invalid: number;
  /** Rows handed back to the legacy job after a switch away from `symphony`. */
  released: number;
}

/** What the bridge dispatches with: a handler's bus (or the CLI's) and the app's message definitions. */
export interface BridgeBus {
  dispatchBatch: MessageBus['dispatchBatch'];
  catalog: Pick<MessageCatalog, 'get'>;
}

/** Rows moved per tick and job at most: a tick never runs unbounded on a large backlog. */
const MAX_BATCHES_PER_TICK = 20;

const lastModes = new WeakMap<LegacyRuntime, Map<LegacyJob, FlagMode>>();

/**
 * One pass of the bridge: for each job on `symphony`, due rows are taken and dispatched in one
 * transaction (a failed dispatch leaves them pending); on `shadow`, due rows are dispatched for
 * recording while the legacy job keeps them; a job that left `symphony` has its held rows released.
 */
export async function runBridge(rt: LegacyRuntime, bus: BridgeBus): Promise<BridgeJobResult[]> {
  const seen = lastModes.get(rt) ?? new Map<LegacyJob, FlagMode>();
  lastModes.set(rt, seen);
  const results: BridgeJobResult[] = [];
  for (const job of legacyJobs) {
    const mode = await rt.flags.mode(job);
    const result: BridgeJobResult = { job, mode, dispatched: 0, invalid: 0, released: 0 };
    if (mode !== 'symphony' && seen.get(job) !== mode)
      result.released = await releaseHeldRows(rt.db, rt.mapping, job);
    seen.set(job, mode);
    if (mode !== 'legacy') {
      for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
        const moved = await moveBatch(rt, bus, job, mode === 'shadow');
        result.dispatched += moved.dispatched;
        result.invalid += moved.invalid;
        if (moved.dispatched + moved.invalid < rt.mapping.batchSize) break;
      }
    }
    results.push(result);
  }
  return results;
}

async function moveBatch(
  rt: LegacyRuntime,
  bus: BridgeBus,
  job: LegacyJob,
  shadow: boolean,
): Promise<{ dispatched: number; invalid: number }> {
  const due = dueRowsOf(rt.mapping, job);
  if (shadow) await ensureShadowTable(rt.db, rt.mapping);
  return rt.db.transaction(async (tx) => {
    const items = shadow
      ? await shadowDueRows(tx, rt.mapping, job, due, rt.mapping.batchSize)
      : await takeDueRows(tx, due, rt.mapping.batchSize);
    const { valid, invalid } = splitValid(bus, items);
    if (!shadow) await failInvalid(tx, rt, invalid);
    await dispatchItems(bus, valid, shadow);
    return { dispatched: valid.length, invalid: invalid.length };
  });
}

/** One bad row (an address the schema refuses) must not hold back the rest of its batch. */
function splitValid(bus: BridgeBus, items: BridgeItem[]) {
  const valid: BridgeItem[] = [];
  const invalid: { item: BridgeItem; reason: string }[] = [];
  for (const item of items) {
    const parsed = bus.catalog.get(item.type).schema.safeParse(item.body);
    if (parsed.success) valid.push(item);
    else {
      const reason = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      invalid.push({ item, reason: `not sent: invalid ${item.type}: ${reason}` });
    }
  }
  return { valid, invalid };
}

async function failInvalid(
  tx: LegacySql,
  rt: LegacyRuntime,
  invalid: { item: BridgeItem; reason: string }[],
): Promise<void> {
  const guards = rowGuards(rt.mapping);
  for (const { item, reason } of invalid) await guards[item.kind].failed(tx, item.rowId, reason, true);
}

/** The key is the row's: a row taken again (after a rollback) while its message waits is not sent twice. */
export async function dispatchItems(
  bus: Pick<MessageBus, 'dispatchBatch'>,
  items: readonly BridgeItem[],
  shadow = false,
) {
  if (items.length === 0) return [];
  return bus.dispatchBatch(
    items.map((item) => ({
      type: item.type,
      body: item.body,
      options: {
        idempotencyKey: shadow ? `shadow:${item.idempotencyKey}` : item.idempotencyKey,
        headers: legacyRowHeaders(item.kind, item.rowId, shadow),
      },
    })),
  );
}
