import type { CaseDefinition } from '../bench-case';
import { plainJob } from '../job-shapes';
import { BULK_CHUNK, rawDispatchBulk } from '../raw-drivers';
import { symphonyDispatchBatch } from '../symphony-drivers';

/** Bulk imports and fan-out: raw `addBulk` vs `symphony.dispatchBatch`, the same chunks of 1,000. */
export const batchDispatch: CaseDefinition = {
  id: 'dispatch-batch',
  title: `dispatch in batches of ${BULK_CHUNK}`,
  sizes: {
    redis: { messages: 20_000, warmup: 10_000 },
    postgres: { messages: 20_000, warmup: 10_000 },
    pglite: { messages: 5000, warmup: 2000 },
  },
  target: 0.95,
  raw: (store) => rawDispatchBulk(store, 'batch', plainJob),
  symphony: (store) => symphonyDispatchBatch(store, 'batch', { priorities: false }),
};
