import { campaignProgress } from '../../../src/campaigns/campaign-status';
import { fanOutCampaign } from '../../../src/campaigns/fan-out';
import type { MessageBus } from '../../../src/bus/follow-up-bus';
import { runBridge } from '../../../src/legacy/bridge/bridge';
import { createLogger } from '../../../src/logger';
import { createSmtpEmailProvider } from '../../../handlers/providers/smtp-email-provider';
import { logSmsProvider } from '../../../handlers/providers/log-providers';
import { legacy } from '../../../queues/legacy';
import { emailSend } from '../../../queues/messages';
import { closeTestBuses, eventually, logsOf, redisUrl } from '../../helpers/bus';
import { legacyFixture, seedCampaign, type LegacyFixture } from '../../helpers/legacy';
import { migrationBus } from '../../helpers/migration-bus';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink';
import { dropTestSchemas, postgresDsn } from '../../helpers/sql';

let fixture: LegacyFixture;
let sink: SmtpSink;
const closers: (() => Promise<void>)[] = [];
beforeEach(async () => {
  fixture = await legacyFixture();
  sink = await startSmtpSink();
});
afterEach(async () => {
  await closeTestBuses();
  for (const close of closers.splice(0)) await close();
  await sink.close();
  await fixture.close();
});
afterAll(dropTestSchemas);
// Thousands of e-mails through a real SMTP exchange: minutes on a loaded 2-core machine.
jest.setTimeout(240_000);

function smtpProviders() {
  const email = createSmtpEmailProvider(
    { kind: 'smtp', url: sink.url, from: 'news@example.test', messageIdDomain: 'example.test' },
    10_000,
  );
  closers.push(async () => email.close?.());
  return { email, sms: logSmsProvider };
}

/** Each address -> how many e-mails it received. */
const receivedBy = (s: SmtpSink) => {
  const counts = new Map<string, number>();
  for (const m of s.received) for (const to of m.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
};

/** Every recipient has its outcome, and the campaign row says so (written just after the last one). */
const done = (campaignId: string) => async () => {
  const p = await campaignProgress(fixture.db, legacy, campaignId);
  return p.pending === 0 && p.inFlight === 0 && p.status === 'sent' ? p : undefined;
};

describe.each([
  { name: 'Redis', dsn: redisUrl },
  { name: 'PostgreSQL', dsn: () => postgresDsn() },
])('campaign fan-out on $name', ({ dsn }) => {
  it('launches through the bridge: one e-mail per recipient, opted-out skipped, progress in the rows', async () => {
    const { bus, runtime } = await migrationBus({ dsn: dsn(), db: fixture.db, providers: smtpProviders() });
    const campaign = await seedCampaign(fixture.db, 1100, { withoutAddress: true });
    const [, campaigns] = await runBridge(runtime, bus);
    expect(campaigns).toMatchObject({ job: 'campaigns', dispatched: 1 });
    const consumers = [bus.consume('campaigns'), bus.consume('emails')];

    const progress = await eventually(done(campaign.campaignId), Boolean, 120_000);
    await Promise.all(consumers.map((c) => c.close()));

    const received = receivedBy(sink);
    expect([...received.keys()].sort()).toEqual([...campaign.expected].sort());
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(campaign.expected.length);
    expect(progress).toEqual({
      campaignId: campaign.campaignId,
      status: 'sent',
      total: 1100,
      dispatched: campaign.expected.length,
      inFlight: 0,
      sent: campaign.expected.length,
      failed: 0,
      skipped: campaign.skipped,
      pending: 0,
    });
    const skippedRows = await fixture.db.query<{ last_error: string }>(
      `SELECT DISTINCT last_error FROM campaign_recipients WHERE campaign_id = $1 AND status = 'failed'`,
      [campaign.campaignId],
    );
    expect(skippedRows.map((r) => r.last_error).sort()).toEqual([
      'skipped: the contact has no e-mail address',
      'skipped: the contact opted out of e-mail',
    ]);
  });

  it('a fan-out that crashes mid-page and runs again sends nobody twice and misses nobody', async () => {
    const { bus } = await migrationBus({ dsn: dsn(), db: fixture.db, providers: smtpProviders() });
    const campaign = await seedCampaign(fixture.db, 1200);
    await fixture.db.query(`UPDATE campaigns SET status = 'queued' WHERE id = $1`, [campaign.campaignId]);
    const emails = bus.consume('emails'); // sends while the fan-out runs, and through the crash
    const input = {
      db: fixture.db,
      mapping: legacy,
      logger: createLogger('silent'),
      email: emailSend,
      campaignId: campaign.campaignId,
      shadow: false,
      pageSize: 400,
    };
    // The process dies while storing page 2: half its e-mails are on the bus, its transaction is lost.
    let pages = 0;
    const crashing: MessageBus = {
      dispatch: () => Promise.reject(new Error('not used')),
      async dispatchBatch(items) {
        if (++pages < 2) return bus.dispatchBatch(items);
        await bus.dispatchBatch(items.slice(0, items.length / 2));
        throw new Error('SIGKILL');
      },
    };
    await expect(fanOutCampaign({ ...input, bus: crashing })).rejects.toThrow('SIGKILL');
    await eventually(async () => sink.received.length >= 300, Boolean, 60_000); // page 1 is going out

    const rerun = await fanOutCampaign({ ...input, bus });
    expect(rerun.dispatched + rerun.alreadyQueued).toBeGreaterThanOrEqual(campaign.expected.length - 400);
    await eventually(done(campaign.campaignId), Boolean, 120_000);
    await emails.close();

    const received = receivedBy(sink);
    expect(received.size).toBe(campaign.expected.length);
    expect([...received.keys()].sort()).toEqual([...campaign.expected].sort());
    expect([...received.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  });
});

it('in shadow mode the fan-out marks nothing and its e-mails are recorded, not sent (Redis)', async () => {
  const { bus, runtime } = await migrationBus({
    dsn: redisUrl(),
    db: fixture.db,
    providers: smtpProviders(),
    mode: 'shadow',
  });
  const campaign = await seedCampaign(fixture.db, 300);
  const [, launches] = await runBridge(runtime, bus);
  expect(launches).toMatchObject({ job: 'campaigns', mode: 'shadow', dispatched: 1 });
  const consumers = [bus.consume('campaigns'), bus.consume('emails')];
  const fannedOut = await eventually(
    () => logsOf(bus).find((l) => l.msg === 'campaign fanned out'),
    Boolean,
    60_000,
  );
  expect(fannedOut).toMatchObject({ shadow: true, dispatched: campaign.expected.length });
  await eventually(
    async () => (await bus.stats(['emails'])).emails!.completed >= campaign.expected.length,
    Boolean,
    60_000,
  );
  await Promise.all(consumers.map((c) => c.close()));

  expect(sink.received).toEqual([]);
  const recorded = logsOf(bus).filter((l) => l.msg === 'not sent: recorded only (shadow)');
  expect(new Set(recorded.map((l) => l.to))).toEqual(new Set(campaign.expected));
  const progress = await campaignProgress(fixture.db, legacy, campaign.campaignId);
  expect(progress).toMatchObject({ status: 'scheduled', pending: 300, dispatched: 0, skipped: 0 });
});
