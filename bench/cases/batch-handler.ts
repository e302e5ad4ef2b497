import type { CaseDefinition } from '../bench-case';
import { plainJob } from '../job-shapes';
import { rawBatcher } from '../raw-batcher';
import { rawDrain } from '../raw-drivers';
import { symphonyDrain } from '../symphony-drivers';

const SIZE = 50;
const MAX_WAIT_MS = 20;

/**
 * Drain through a batch handler of 50 (`defineBatchHandler(def, fn, { size: 50, maxWaitMs: 20 })`)
 * at concurrency 50, against a raw Worker at concurrency 50 with the same accumulator by hand.
 */
export const batchHandler: CaseDefinition = {
  id: 'drain-batch50',
  title: `drain, batch handler of ${SIZE}, concurrency ${SIZE}`,
  sizes: {
    redis: { messages: 20_000, warmup: 5000 },
    postgres: { messages: 5000, warmup: 2000 },
    pglite: { messages: 600, warmup: 300 },
  },
  target: 0.93,
  raw: (store) =>
    rawDrain(store, 'batch50', plainJob, SIZE, {
      processor: (tick) =>
        rawBatcher(SIZE, MAX_WAIT_MS, (count) => {
          for (let i = 0; i < count; i++) tick();
        }),
    }),
  symphony: (store) =>
    symphonyDrain(
      store,
      'batch50',
      { priorities: false, batch: { size: SIZE, maxWaitMs: MAX_WAIT_MS } },
      SIZE,
    ),
};
