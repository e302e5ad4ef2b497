import type { Telemetry } from 'bullmq';
import { withOptionalPeers } from '../../packaging/optional-peers';

let shared: Telemetry | undefined;

/** BullMQ's own spans (add, process, …) through bullmq-otel, when traces are on; one per process. */
export function bullMqTelemetry(tracing: boolean | undefined): Telemetry | undefined {
  if (!tracing) return undefined;
  return (shared ??= withOptionalPeers('BullMQ spans (traces are on)', ['bullmq-otel'], () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, not at import
    const { BullMQOtel } = require('bullmq-otel') as typeof import('bullmq-otel');
    return new BullMQOtel({ tracerName: 'bullmq' }) as unknown as Telemetry;
  }));
}
