import type { Symphony } from '../bus/symphony';
import { ConfigError } from '../errors';
import type { ScheduleStore } from '../transport/schedule-store';

/** The schedule store behind a queue; a transport without one is an error, never a silent skip. */
export function storeFor(symphony: Symphony, queue: string, scheduleId?: string): ScheduleStore {
  const transport = symphony.queues.transport(queue);
  if (!transport.schedules) {
    throw new ConfigError(
      `${scheduleId ? `Schedule "${scheduleId}": queue: ` : ''}queue "${queue}" is on a ${transport.kind} transport, ` +
        'which cannot store schedules; route the message to a redis:// or postgres:// queue.',
    );
  }
  return transport.schedules;
}

/** Every declared queue whose transport stores schedules. */
export function scheduleQueues(symphony: Symphony): { queue: string; store: ScheduleStore }[] {
  return symphony.queues.names().flatMap((queue) => {
    const store = symphony.queues.transport(queue).schedules;
    return store ? [{ queue, store }] : [];
  });
}
