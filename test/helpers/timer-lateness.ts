import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * How late this process's timers ran at worst while it watched (ms). A loaded machine delays every timer,
 * the bus's retries included: an upper timing bound adds this instead of a fixed allowance for load.
 */
export function watchTimerLateness(): { stop(): number } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      return histogram.max / 1e6;
    },
  };
}
