import { runBridge } from '../../../src/legacy/bridge/bridge';
import { optOutOfSms } from '../../../src/drips/sms-opt-out';
import { logEmailProvider } from '../../../handlers/providers/log-providers';
import { createTwilioSmsProvider } from '../../../handlers/providers/twilio-sms-provider';
import { legacy } from '../../../queues/legacy';
import { closeTestBuses, eventually, redisUrl } from '../../helpers/bus';
import { legacyFixture, seedDrip, type LegacyFixture } from '../../helpers/legacy';
import { migrationBus } from '../../helpers/migration-bus';
import { startSmsSink, type SmsSink } from '../../helpers/sms-sink';
import { dropTestSchemas, postgresDsn } from '../../helpers/sql';

let fixture: LegacyFixture;
let sink: SmsSink;
beforeEach(async () => {
  fixture = await legacyFixture();
  sink = await startSmsSink();
});
afterEach(async () => {
  await closeTestBuses();
  await sink.close();
  await fixture.close();
});
afterAll(dropTestSchemas);
jest.setTimeout(180_000);

const STEPS = [
  { delaySeconds: 0, body: 'Welcome!' },
  { delaySeconds: 1, body: 'Day 2: tips' },
  { delaySeconds: 2, body: 'Day 3: offer' },
];

const providers = () => {
  const { baseUrl, accountSid, authToken } = sink;
  const sms = createTwilioSmsProvider(
    { kind: 'twilio', baseUrl, accountSid, authToken, from: '+15005550006' },
    10_000,
  );
  return { email: logEmailProvider, sms };
};

const statusesOf = async (dripId: string) =>
  Object.fromEntries(
    (
      await fixture.db.query<{ id: string; status: string; current_step: number }>(
        `SELECT id::text, status, current_step FROM sms_drip_enrollments WHERE drip_id = $1`,
        [dripId],
      )
    ).map((r) => [r.id, `${r.status}@${r.current_step}`]),
  );

describe.each([
  { name: 'Redis', dsn: redisUrl },
  { name: 'PostgreSQL', dsn: () => postgresDsn() },
])('SMS drips on $name', ({ dsn }) => {
  it('chains steps at their delays; opted-out contacts and a STOP between steps get no later step', async () => {
    const { bus, runtime } = await migrationBus({ dsn: dsn(), db: fixture.db, providers: providers() });
    const drip = await seedDrip(fixture.db, STEPS, 30);
    const [phoneStopping, ...others] = [...drip.enrollments.values()].filter(
      (p) => !drip.optedOut.includes(p),
    );
    // Its first step is answered late: the STOP arrives while that send is under way.
    sink.respondTo(phoneStopping!, { status: 201, delayMs: 1500, times: 1 });

    await runBridge(runtime, bus); // once: later steps come only from the step handler's own dispatch
    const sms = bus.consume('sms');
    await eventually(() => sink.requests.some((r) => r.to === phoneStopping), Boolean, 60_000);
    expect(await optOutOfSms(fixture.db, legacy, phoneStopping!)).toMatchObject({
      contacts: 1,
      stoppedEnrollments: 1,
    });

    const finished = (s: string) => s.startsWith('completed@') || s.startsWith('stopped@');
    const statuses = await eventually(
      () => statusesOf(drip.dripId),
      (s) => Object.values(s).every(finished),
      120_000,
    );
    await sms.close();

    const bodiesTo = (phone: string) =>
      sink
        .delivered()
        .filter((r) => r.to === phone)
        .map((r) => r.body);
    for (const phone of others) expect(bodiesTo(phone)).toEqual(STEPS.map((s) => s.body));
    for (const phone of drip.optedOut) expect(bodiesTo(phone)).toEqual([]);
    expect(bodiesTo(phoneStopping!)).toEqual(['Welcome!']);
    // One request per step, each with its own message id as the idempotency key.
    expect(sink.requests).toHaveLength(others.length * STEPS.length + 1);
    expect(new Set(sink.requests.map((r) => r.idempotencyKey)).size).toBe(sink.requests.length);

    const byPhone = new Map([...drip.enrollments].map(([id, phone]) => [phone, statuses[id]]));
    for (const phone of others) expect(byPhone.get(phone)).toBe('completed@3');
    for (const phone of drip.optedOut) expect(byPhone.get(phone)).toBe('stopped@0');
    expect(byPhone.get(phoneStopping!)).toBe('stopped@1');
  });
});
