import type { SymphonyOptions } from '../bus/symphony';
import { countDispatch } from './count-dispatch';
import { observeTiming } from './observe-timing';
import type { SymphonyMetrics } from './registry';

/**
 * Bus options that make a bus report to `metrics`: a dispatch observer (after the app's own
 * middleware, around the actual send) and the timing observer, added to those given.
 */
export function instrument(metrics: SymphonyMetrics, options: SymphonyOptions = {}): SymphonyOptions {
  const observe = observeTiming(metrics);
  const onTiming = options.onTiming;
  return {
    ...options,
    dispatchObservers: [...(options.dispatchObservers ?? []), countDispatch(metrics)],
    onTiming: onTiming
      ? (sample) => {
          observe(sample);
          onTiming(sample);
        }
      : observe,
  };
}
