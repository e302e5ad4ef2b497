import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { fanOutCampaign } from '../../src/campaigns/fan-out';
import type { Symphony } from '../../src/bus/symphony';
import type { Consumer } from '../../src/transport/transport';
import { createLogger } from '../../src/logger';
import { legacy } from '../../queues/legacy';
import { emailSend } from '../../queues/messages';
import type { SmtpSink } from '../../test/helpers/smtp-sink';
import { RETENTION } from '../fixtures';
import type { BenchLegacyDatabase } from './legacy-database';

/** One stage's figures: how many, how long, the rate, and this process's CPU per message. */
export interface StageResult {
  step: string;
  messages: number;
  seconds: number;
  rate: number;
  /** µs of this process's CPU (user + system) per message: steadier than wall time on a busy machine. */
  cpuUs: number;
}

export interface StageClock {
  at: number;
  cpu: NodeJS.CpuUsage;
}

export const startClock = (): StageClock => ({ at: performance.now(), cpu: process.cpuUsage() });

export function stageResult(step: string, messages: number, clock: StageClock): StageResult {
  const seconds = (performance.now() - clock.at) / 1000;
  const cpu = process.cpuUsage(clock.cpu);
  return { step, messages, seconds, rate: messages / seconds, cpuUs: (cpu.user + cpu.system) / messages };
}

/** Raw BullMQ's ceiling for the same work: addBulk of `count` e-mail jobs, 1,000 per call. */
export async function rawAddBulk(redisUrl: string, count: number): Promise<StageResult> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('emails', {
    connection,
    prefix: `bench-raw-${randomUUID().slice(0, 8)}`,
    defaultJobOptions: RETENTION,
  });
  await queue.add('email.send', { to: 'warm@example.com', subject: 'warm-up' });
  const started = startClock();
  for (let n = 0; n < count; n += 1000) {
    const size = Math.min(1000, count - n);
    await queue.addBulk(
      Array.from({ length: size }, (_, i) => ({
        name: 'email.send',
        data: {
          to: `c-${n + i}@example.com`,
          subject: 'Your weekly digest',
          text: 'Hello, here is what happened this week.',
        },
      })),
    );
  }
  const measured = stageResult('raw BullMQ: addBulk, 1,000 jobs per call', count, started);
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  return measured;
}

/** One fan-out of the campaign, as `campaign.launch` runs it; fails when not everyone was dispatched. */
async function fanOut(bus: Symphony, legacyDb: BenchLegacyDatabase, campaignId: string, count: number) {
  const outcome = await fanOutCampaign({
    db: legacyDb.db,
    mapping: legacy,
    bus,
    logger: createLogger('silent'),
    email: emailSend,
    campaignId,
    shadow: false,
  });
  if (outcome.dispatched !== count) throw new Error(`fan-out dispatched ${outcome.dispatched} of ${count}`);
}

/** Symphony's fan-out alone: pages of the audience read, marked and dispatched with dispatchBatch. */
export async function fanOutOnly(
  bus: Symphony,
  legacyDb: BenchLegacyDatabase,
  campaignId: string,
  count: number,
) {
  const started = startClock();
  await fanOut(bus, legacyDb, campaignId, count);
  return stageResult('Symphony: campaign fan-out (keyset pages + dispatchBatch)', count, started);
}

/** Waits until the sink holds `total` e-mails; resolves to the time that took. */
async function sinkReaches(sink: SmtpSink, total: number): Promise<void> {
  while (sink.received.length < total) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** E-mail workers on an already fanned-out campaign: SMTP to the sink, outcome written back. */
export async function drainOnly(bus: Symphony, sink: SmtpSink, count: number, concurrency: number) {
  const before = sink.received.length;
  const started = startClock();
  const consumer = bus.consume('emails', { concurrency });
  await sinkReaches(sink, before + count);
  const measured = stageResult(
    `e-mail workers (concurrency ${concurrency}): SMTP sink + write-back`,
    count,
    started,
  );
  await consumer.close();
  return measured;
}

/** The launch as it runs in production: workers sending while the fan-out dispatches. */
export async function endToEnd(
  bus: Symphony,
  legacyDb: BenchLegacyDatabase,
  sink: SmtpSink,
  campaignId: string,
  count: number,
  concurrency: number,
): Promise<StageResult> {
  const before = sink.received.length;
  const consumer: Consumer = bus.consume('emails', { concurrency });
  await consumer.ready();
  const started = startClock();
  await fanOut(bus, legacyDb, campaignId, count);
  await sinkReaches(sink, before + count);
  const measured = stageResult(
    'launch to last e-mail received, workers running during the fan-out',
    count,
    started,
  );
  await consumer.close();
  return measured;
}
