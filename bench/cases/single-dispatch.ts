import type { BenchCase } from '../bench-case';
import { plainJob } from '../job-shapes';
import { rawDispatchOne } from '../raw-drivers';
import { symphonyDispatchOne } from '../symphony-drivers';

/** One message per awaited call: the latency-bound path of a web request dispatching a job. */
export const singleDispatch: BenchCase = {
  id: 'dispatch-single',
  title: 'dispatch, one at a time',
  messages: 4000,
  warmup: 8000,
  target: 0.9,
  raw: rawDispatchOne('single', plainJob),
  symphony: symphonyDispatchOne('single', { priorities: false }),
};
