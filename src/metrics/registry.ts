import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

type ByMessage = 'type' | 'queue';

/** Everything /metrics exposes, on its own registry so several buses (and tests) never share counters. */
export interface SymphonyMetrics {
  registry: Registry;
  /** Stored by a transport (a deduplicated dispatch is not counted here). */
  dispatched: Counter<ByMessage>;
  /** Dropped because a message with the same idempotency key was still pending or inside its window. */
  deduplicated: Counter<ByMessage>;
  /** One per delivery: outcome handled | retry | failed. */
  handled: Counter<ByMessage | 'outcome'>;
  retried: Counter<ByMessage>;
  failed: Counter<ByMessage>;
  /** dispatch -> handler start of each delivery (includes delay and retry back-off). */
  waitSeconds: Histogram<ByMessage>;
  handlingSeconds: Histogram<ByMessage>;
  queueDepth: Gauge<'queue' | 'state'>;
  /** The cluster gauges (queue depth included) come from the process holding the `gauges` lease. */
  oldestWaitingSeconds: Gauge<'queue'>;
  workers: Gauge<'queue'>;
  scheduleLateSeconds: Gauge<'schedule' | 'queue'>;
  /** 1 in the process that exports the cluster gauges, 0 elsewhere: sum() over processes is 1. */
  gaugesExporter: Gauge;
}

// Waits run from milliseconds (hot queue) to an hour (delayed messages, back-off).
const WAIT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
const HANDLING_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(options: { processMetrics?: boolean } = {}): SymphonyMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const labelNames = ['type', 'queue'] as const;
  return {
    registry,
    dispatched: new Counter({
      name: 'symphony_messages_dispatched_total',
      help: 'Messages stored by a transport, by type and queue',
      labelNames,
      registers,
    }),
    deduplicated: new Counter({
      name: 'symphony_messages_deduplicated_total',
      help: 'Dispatches dropped by idempotency key, by type and queue',
      labelNames,
      registers,
    }),
    handled: new Counter({
      name: 'symphony_messages_handled_total',
      help: 'Deliveries by outcome (handled, retry, failed), type and queue',
      labelNames: [...labelNames, 'outcome'],
      registers,
    }),
    retried: new Counter({
      name: 'symphony_messages_retried_total',
      help: 'Deliveries that failed and will be retried, by type and queue',
      labelNames,
      registers,
    }),
    failed: new Counter({
      name: 'symphony_messages_failed_total',
      help: 'Messages that failed for good (moved to the failed store), by type and queue',
      labelNames,
      registers,
    }),
    waitSeconds: new Histogram({
      name: 'symphony_message_wait_seconds',
      help: 'Time from dispatch to handler start, per delivery',
      labelNames,
      buckets: WAIT_BUCKETS,
      registers,
    }),
    handlingSeconds: new Histogram({
      name: 'symphony_message_handling_seconds',
      help: 'Time spent in the handlers, per delivery',
      labelNames,
      buckets: HANDLING_BUCKETS,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'symphony_queue_depth',
      help: 'Messages per queue and state, as last sampled (exported by one process of the cluster)',
      labelNames: ['queue', 'state'],
      registers,
    }),
    oldestWaitingSeconds: new Gauge({
      name: 'symphony_queue_oldest_waiting_seconds',
      help: 'Age of the oldest message ready to run, 0 when none waits (exported by one process)',
      labelNames: ['queue'],
      registers,
    }),
    workers: new Gauge({
      name: 'symphony_queue_workers',
      help: 'Workers connected to the queue (exported by one process)',
      labelNames: ['queue'],
      registers,
    }),
    scheduleLateSeconds: new Gauge({
      name: 'symphony_schedule_late_seconds',
      help: 'How long the due run of a schedule has not started, 0 when on time (exported by one process)',
      labelNames: ['schedule', 'queue'],
      registers,
    }),
    gaugesExporter: new Gauge({
      name: 'symphony_cluster_gauges_exporter',
      help: '1 in the process that exports the cluster gauges (queue depth, oldest waiting, workers, schedules)',
      registers,
    }),
  };
}
