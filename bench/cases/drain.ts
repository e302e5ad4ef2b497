import type { CaseDefinition, CaseSizes } from '../bench-case';
import { plainJob } from '../job-shapes';
import { rawDrain } from '../raw-drivers';
import { symphonyDrain } from '../symphony-drivers';

/** Consume pre-filled messages with a no-op handler; timed from worker start to the last one handled. */
export function drainCase(concurrency: number, sizes: CaseSizes): CaseDefinition {
  const id = `drain-c${concurrency}`;
  return {
    id,
    title: `drain, no-op handler, concurrency ${concurrency}`,
    sizes,
    target: 0.93,
    raw: (store) => rawDrain(store, id, plainJob, concurrency),
    symphony: (store) => symphonyDrain(store, id, { priorities: false }, concurrency),
  };
}
