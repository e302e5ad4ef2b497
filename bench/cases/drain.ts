import type { BenchCase } from '../bench-case';
import { plainJob } from '../job-shapes';
import { rawDrain } from '../raw-drivers';
import { symphonyDrain } from '../symphony-drivers';

/** Consume pre-filled messages with a no-op handler; timed from worker start to the last one handled. */
export function drainCase(concurrency: number, messages: number, warmup: number): BenchCase {
  const id = `drain-c${concurrency}`;
  return {
    id,
    title: `drain, no-op handler, concurrency ${concurrency}`,
    messages,
    warmup,
    target: 0.9,
    raw: rawDrain(id, plainJob, concurrency),
    symphony: symphonyDrain(id, { priorities: false }, concurrency),
  };
}
