import type { CaseDefinition } from '../bench-case';
import { plainJob } from '../job-shapes';
import { rawDispatchOne } from '../raw-drivers';
import { symphonyDispatchOne } from '../symphony-drivers';

/** One message per awaited call: the latency-bound path of a web request dispatching a job. */
export const singleDispatch: CaseDefinition = {
  id: 'dispatch-single',
  title: 'dispatch, one at a time',
  sizes: {
    redis: { messages: 8000, warmup: 8000 },
    postgres: { messages: 2000, warmup: 1000 },
    pglite: { messages: 500, warmup: 300 },
  },
  target: 0.93,
  raw: (store) => rawDispatchOne(store, 'single', plainJob),
  symphony: (store) => symphonyDispatchOne(store, 'single', { priorities: false }),
};
