import { processCampaigns } from '../../examples/legacy-app/processors/campaign.processor';
import { processEmailQueue } from '../../examples/legacy-app/processors/email-queue.processor';
import type { LegacyProviders } from '../../examples/legacy-app/processors/providers';
import { processSmsDrips } from '../../examples/legacy-app/processors/sms-drip.processor';
import type { FlagReader } from '../../src/flags/flag-mode';
import { releaseOnSwitchBack } from '../../src/legacy/release-hook';
import { legacy } from '../../queues/legacy';
import { emailSend } from '../../queues/messages';
import { schedules } from '../../queues/schedules';
import { eventually } from '../helpers/bus';
import { dropTestSchemas } from '../helpers/sql';
import { killStrayProcesses, type CliProcess } from '../fixtures/cli-process';
import {
  emailKey,
  expectedEmails,
  expectedSms,
  legacyStatuses,
  migrationWorld,
  smsKey,
  type BusKind,
  type MigrationWorld,
  WORKER_CONCURRENCY,
} from '../fixtures/migration-world';

let world: MigrationWorld | undefined;
afterEach(async () => {
  await killStrayProcesses();
  await world?.close();
  world = undefined;
});
afterAll(dropTestSchemas);

/**
 * What the app's own timetable sends (queues/schedules.ts): the workers run the real app, so a run
 * across a weekday's 06:00 UTC receives the ops morning report too (a CI run at 06:00 did). Not the migration's.
 */
const scheduledEmails = new Set(
  schedules
    .filter((s) => s.message === emailSend)
    .map((s) => s.body as { to: string; subject: string })
    .map((body) => emailKey(body.to, body.subject)),
);

/** Received e-mails of the migrated jobs by recipient and subject, with the Message-IDs each arrived with. */
function receivedEmails(w: MigrationWorld): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const mail of w.smtp.received) {
    const key = emailKey(mail.to[0]!, mail.subject);
    if (scheduledEmails.has(key)) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), mail.messageId]);
  }
  return byKey;
}

function receivedSms(w: MigrationWorld): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const sms of w.sms.delivered()) {
    const key = smsKey(sms.to, sms.body);
    byKey.set(key, [...(byKey.get(key) ?? []), sms.idempotencyKey]);
  }
  return byKey;
}

/** Every expected send arrived, nothing else did; repeats (only allowed when `maxRepeats` > 0) carry the same id. */
function expectExactlyOnce(received: Map<string, string[]>, expected: string[], maxRepeats: number): number {
  expect([...received.keys()].sort()).toEqual([...expected].sort());
  const repeated = [...received.values()].filter((ids) => ids.length > 1);
  for (const ids of repeated) expect(new Set(ids).size).toBe(1); // same Message-ID / idempotency key
  expect(repeated.length).toBeLessThanOrEqual(maxRepeats);
  const ids = [...received.values()].map((list) => list[0]);
  expect(new Set(ids).size).toBe(ids.length); // distinct messages never share an id
  return repeated.length;
}

const FINAL = {
  emails: (w: MigrationWorld) => ({ sent: w.emails.due.length, pending: w.emails.later.length }),
  enrollments: (w: MigrationWorld) => ({
    completed: w.drip.enrollments.size - w.drip.optedOut.length,
    stopped: w.drip.optedOut.length,
  }),
};

/** True while every worker runs; one that died (a start-up error, say) fails the test with its output. */
function running(...workers: CliProcess[]): boolean {
  const dead = workers.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
  if (dead)
    throw new Error(`a worker exited early (${dead.child.exitCode}):\n${dead.stderr}\n${dead.stdout}`);
  return true;
}

/** Every row that will ever be sent is: due e-mails sent, enrolments done, campaigns sent. */
const isFinal = (s: Record<string, Record<string, number>>, w: MigrationWorld): boolean =>
  s.emails?.sent === FINAL.emails(w).sent &&
  s.enrollments?.completed === FINAL.enrollments(w).completed &&
  s.campaigns?.sent === w.campaigns.length;

describe.each<[string, BusKind]>([
  ['PostgreSQL (bus and legacy tables in one database)', 'postgres'],
  ['Redis + PostgreSQL', 'redis'],
])('cron jobs moved onto the bus on %s', (_name, kind) => {
  it('sends every due e-mail and SMS once, through a worker SIGKILLed mid-run', async () => {
    const w = (world = await migrationWorld(kind, {
      emails: 5000,
      campaigns: 3,
      contactsPerCampaign: 2000,
      enrollments: 300,
    }));
    await w.switchAll('symphony');
    const emails = expectedEmails(w);
    const sms = expectedSms(w);
    const first = w.worker();
    const second = w.worker();
    await eventually(
      () => running(first, second) && w.smtp.received.length >= emails.length / 4,
      Boolean,
      120_000,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    const third = w.worker();

    // Cheap checks first (this polls): arrivals by count, then the rows' final statuses.
    await eventually(
      () =>
        running(second, third) &&
        w.smtp.received.length >= emails.length &&
        w.sms.delivered().length >= sms.length,
      Boolean,
      240_000,
    );
    await eventually(async () => isFinal(await legacyStatuses(w), w), Boolean, 120_000);
    // A killed worker had at most its concurrency in flight per queue.
    expectExactlyOnce(receivedEmails(w), emails, WORKER_CONCURRENCY);
    expectExactlyOnce(receivedSms(w), sms, WORKER_CONCURRENCY);
    const optedOut = new Set(w.drip.optedOut);
    expect(w.sms.delivered().filter((s) => optedOut.has(s.to))).toEqual([]);
    const statuses = await legacyStatuses(w);
    expect(statuses.emails).toEqual(FINAL.emails(w));
    expect(statuses.enrollments).toEqual(FINAL.enrollments(w));
    expect(statuses.campaigns).toEqual({ sent: w.campaigns.length });
    const skipped = w.campaigns.reduce((n, c) => n + c.skipped, 0);
    expect(statuses.recipients).toEqual({ sent: emails.length - w.emails.due.length, failed: skipped });
  }, 600_000);

  it('a switch back to legacy half-way sends nothing twice and leaves nothing held', async () => {
    const w = (world = await migrationWorld(kind, {
      emails: 800,
      campaigns: 1,
      contactsPerCampaign: 400,
      enrollments: 60,
    }));
    await w.switchAll('symphony');
    const emails = expectedEmails(w);
    const workers = [w.worker(), w.worker()];
    await eventually(
      () => running(...workers) && w.smtp.received.length >= emails.length / 2,
      Boolean,
      120_000,
    );

    await w.switchAll('legacy', [releaseOnSwitchBack(w.legacy.db, legacy)]);
    // The old cron routes run again (every "minute", here back to back) with providers that
    // deliver to the same sinks' records.
    const legacyEmails: string[] = [];
    const legacySms: string[] = [];
    const providers: LegacyProviders = {
      email: { send: async (mail) => void legacyEmails.push(emailKey(mail.to, mail.subject)) },
      sms: { send: async (to, text) => void legacySms.push(smsKey(to, text)) },
    };
    const flags: FlagReader = { mode: async () => 'legacy' };
    await eventually(
      async () => {
        await processEmailQueue(w.legacy.db, flags, providers);
        await processCampaigns(w.legacy.db, flags, providers);
        await processSmsDrips(w.legacy.db, flags, providers);
        return legacyStatuses(w);
      },
      (s) => isFinal(s, w),
      240_000,
    );
    // Workers keep running: anything still queued for a released row must not send.
    await Promise.all(workers.map((p) => p.child.kill('SIGTERM')));
    await Promise.all(workers.map((p) => p.exited));

    const all = new Map(receivedEmails(w));
    for (const key of legacyEmails) all.set(key, [...(all.get(key) ?? []), `legacy:${key}`]);
    expect([...all.keys()].sort()).toEqual([...emails].sort());
    expect([...all.entries()].filter(([, ids]) => ids.length > 1)).toEqual([]);
    const allSms = new Map(receivedSms(w));
    for (const key of legacySms) allSms.set(key, [...(allSms.get(key) ?? []), `legacy:${key}`]);
    expect([...allSms.keys()].sort()).toEqual(expectedSms(w).sort());
    expect([...allSms.entries()].filter(([, ids]) => ids.length > 1)).toEqual([]);
    const statuses = await legacyStatuses(w);
    for (const table of Object.values(statuses)) expect(table).not.toHaveProperty('queued');
    expect(statuses.emails).toEqual(FINAL.emails(w));
    expect(statuses.enrollments).toEqual(FINAL.enrollments(w));
  }, 600_000);
});
