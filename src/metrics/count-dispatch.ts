import type { DispatchMiddleware } from '../bus/middleware';
import type { SymphonyMetrics } from './registry';

/** Counts what reached the transport; placed last in the chain so short-circuited dispatches are not counted. */
export function countDispatch(metrics: SymphonyMetrics): DispatchMiddleware {
  return async (envelope, next) => {
    const result = await next(envelope);
    const labels = { type: envelope.type, queue: result.queue };
    (result.deduplicated ? metrics.deduplicated : metrics.dispatched).inc(labels);
    return result;
  };
}
