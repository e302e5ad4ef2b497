import type { AppDefinition } from '../bus/app-definition';
import type { SymphonyOptions } from '../bus/symphony';
import { countDispatch } from './count-dispatch';
import type { SymphonyMetrics } from './registry';
import { observeTiming } from './observe-timing';

/**
 * The app wiring and bus options that make a bus report to `metrics`: a dispatch middleware
 * appended after the app's own, and the timing observer.
 */
export function instrument(
  app: AppDefinition,
  metrics: SymphonyMetrics,
  options: SymphonyOptions = {},
): { app: AppDefinition; options: SymphonyOptions } {
  const dispatch = [...(app.middleware?.dispatch ?? []), countDispatch(metrics)];
  const observe = observeTiming(metrics);
  const onTiming = options.onTiming;
  return {
    app: { ...app, middleware: { ...app.middleware, dispatch } },
    options: {
      ...options,
      onTiming: onTiming
        ? (sample) => {
            observe(sample);
            onTiming(sample);
          }
        : observe,
    },
  };
}
