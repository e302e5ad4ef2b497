import { randomUUID } from 'node:crypto';
import type { AppDefinition } from '../../src/bus/app-definition';
import type { Symphony } from '../../src/bus/symphony';
import type { Envelope } from '../../src/message/envelope';
import type { Consumer } from '../../src/transport/transport';
import type { ScheduleDeclaration } from '../../src/scheduler/schedule-declaration';
import { Schedules, type SchedulesOptions } from '../../src/scheduler/schedules';
import { defineHandler, ping, testApp } from '../fixtures/test-app';
import { closeTestBuses, redisUrl, testBus, uniquePrefix } from './bus';
import { redisClusterUrl } from './redis-cluster';

/**
 * The durable transports schedule tests run on: Redis and the suite's Redis Cluster always,
 * Postgres when the test setup provides DATABASE_URL (the factory takes postgres:// DSNs).
 */
export function scheduleDsns(): [string, string][] {
  const dsns: [string, string][] = [
    ['redis', redisUrl()],
    ['redis-cluster', redisClusterUrl()],
  ];
  if (process.env.DATABASE_URL) dsns.push(['postgres', process.env.DATABASE_URL]);
  return dsns;
}

/** One queue with a unique name (Postgres ignores prefixes) whose `test.ping` handler records envelopes. */
export function scheduleApp(
  queue: string,
  seen: Envelope[],
  schedules: ScheduleDeclaration[] = [],
): AppDefinition {
  return testApp([defineHandler(ping, (_body, envelope) => void seen.push(envelope))], {
    routing: { 'test.*': queue },
    queues: { [queue]: { concurrency: 2, retry: { maxRetries: 0, delay: 10 } } },
    schedules,
  });
}

export interface ScheduleFixture {
  queue: string;
  prefix: string;
  seen: Envelope[];
  bus: Symphony;
  schedules: Schedules;
  /** Starts a worker on the queue; closed by closeScheduleFixtures(). */
  consume(): void;
}

const consumers: Consumer[] = [];

/**
 * Closes the workers gracefully, then the buses. A forced close while a BullMQ Postgres worker
 * is between two waits can leave its wait timer behind and keep Jest alive.
 */
export async function closeScheduleFixtures(): Promise<void> {
  await Promise.all(consumers.splice(0).map((c) => c.close()));
  await closeTestBuses();
}

/** A bus on `dsn` with its own queue; pass `share` to get a second worker on the same queue. */
export function scheduleFixture(
  dsn: string,
  declarations: ScheduleDeclaration[] = [],
  options: SchedulesOptions & { share?: ScheduleFixture } = {},
): ScheduleFixture {
  const queue = options.share?.queue ?? `sched-${randomUUID().slice(0, 8)}`;
  const prefix = options.share?.prefix ?? uniquePrefix();
  const seen: Envelope[] = [];
  const bus = testBus(scheduleApp(queue, seen, declarations), { defaultDsn: dsn, redisPrefix: prefix });
  const consume = () => void consumers.push(bus.consume(queue));
  return { queue, prefix, seen, bus, schedules: new Schedules(bus, options), consume };
}

/** A ping schedule on the fixture's queue. */
export const pingSchedule = (id: string, timing: Partial<ScheduleDeclaration>): ScheduleDeclaration => ({
  id,
  message: ping,
  body: { n: 1 },
  ...timing,
});

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
