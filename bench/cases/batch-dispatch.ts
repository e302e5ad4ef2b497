import type { BenchCase } from '../bench-case';
import { plainJob } from '../job-shapes';
import { BULK_CHUNK, rawDispatchBulk } from '../raw-drivers';
import { symphonyDispatchBatch } from '../symphony-drivers';

/** Bulk imports and fan-out: raw `addBulk` vs `symphony.dispatchBatch`, the same chunks of 1,000. */
export const batchDispatch: BenchCase = {
  id: 'dispatch-batch',
  title: `dispatch in batches of ${BULK_CHUNK}`,
  messages: 20_000,
  warmup: 10_000,
  target: 0.95,
  raw: rawDispatchBulk('batch', plainJob),
  symphony: symphonyDispatchBatch('batch', { priorities: false }),
};
