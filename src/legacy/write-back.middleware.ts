import type { HandleContext, HandleMiddleware } from '../bus/middleware';
import { toError } from '../errors';
import type { Envelope } from '../message/envelope';
import { willRetry } from '../retry/retry-decision';
import { legacyRowOf, type LegacyRowRef } from './legacy-headers';
import type { LegacyMapping } from './legacy-mapping';
import { legacyRuntime, type LegacyRuntime } from './legacy-runtime';
import { runRecordOnly } from './record-only';
import { completeCampaignIfDone } from './campaign-completion';
import { rowGuards } from './row-guards';
import { recordShadow } from './shadow-outcomes';

/**
 * Handle middleware for messages that stand for a legacy row (header `symphony-legacy-row`).
 * The row is locked for the whole delivery: checked to be still the bus's before the handler runs,
 * its outcome written before the lock is let go. A switch back to `legacy` (which returns held rows
 * to pending) therefore waits for a send under way and never hands its row to the old job.
 * Shadow messages run in record-only scope and only record their outcome.
 */
export function legacyWriteBack(
  mapping: LegacyMapping,
  runtime: () => Promise<LegacyRuntime> = () => legacyRuntime(mapping),
): HandleMiddleware {
  const guards = rowGuards(mapping);
  return async (envelope, context, next) => {
    const ref = legacyRowOf(envelope);
    if (!ref) return next(envelope);
    const rt = await runtime();
    if (ref.shadow) return shadowDelivery(rt, ref, envelope, next);
    const guard = guards[ref.kind];
    const mode = await rt.flags.mode(guard.job);
    if (mode !== 'symphony') {
      context.logger.info(
        { legacyRow: `${ref.kind}:${ref.id}`, mode },
        `not handled: ${guard.job} runs "${mode}"`,
      );
      return;
    }
    const failure = await (rt.locks ?? rt.db).transaction(async (tx) => {
      const refused = await guard.lock(tx, ref.id, envelope);
      if (refused) {
        context.logger.info({ legacyRow: `${ref.kind}:${ref.id}` }, `not handled: ${refused}`);
        return undefined;
      }
      try {
        await next(envelope);
      } catch (error) {
        await guard.failed(tx, ref.id, toError(error).message, isFinal(error, context));
        return { error };
      }
      await guard.sent(tx, ref.id);
      return undefined;
    });
    // Thrown after the commit, so the attempt and error are written and the bus still retries.
    if (failure) throw failure.error;
    if (ref.kind === 'recipient') await completeCampaignIfDone(rt.db, mapping, ref.id);
  };
}

const isFinal = (error: unknown, context: HandleContext): boolean => !willRetry(error, context.delivery);

async function shadowDelivery(
  rt: LegacyRuntime,
  ref: LegacyRowRef,
  envelope: Envelope,
  next: (envelope: Envelope) => Promise<void>,
): Promise<void> {
  const step = (envelope.body as { step?: unknown }).step;
  const entry = {
    job: rowGuards(rt.mapping)[ref.kind].job,
    rowId: ref.id,
    step: typeof step === 'number' ? step : 0,
    messageId: envelope.id,
  };
  try {
    await runRecordOnly(() => next(envelope));
  } catch (error) {
    await recordShadow(rt.db, rt.mapping, { ...entry, outcome: 'failed', error: toError(error).message });
    throw error;
  }
  await recordShadow(rt.db, rt.mapping, { ...entry, outcome: 'sent' });
}
