import { processEmailQueue } from '../../../examples/legacy-app/processors/email-queue.processor';
import { FlagClient } from '../../../src/flags/flag-client';
import { FlagService } from '../../../src/flags/flag-service';
import { MemoryFlagStore } from '../../../src/flags/flag-store';
import { runBridge } from '../../../src/legacy/bridge/bridge';
import { releaseOnSwitchBack } from '../../../src/legacy/release-hook';
import { legacy } from '../../../queues/legacy';
import { closeTestBuses, eventually } from '../../helpers/bus';
import { legacyFixture, seedEmails, type LegacyFixture } from '../../helpers/legacy';
import { emailStatuses, legacyEmailBus } from '../../fixtures/legacy-email-bus';

let fixture: LegacyFixture;
beforeEach(async () => (fixture = await legacyFixture()));
afterEach(async () => {
  await closeTestBuses();
  await fixture.close();
});

it('moves due e-mail rows onto the bus once each and writes their outcome back', async () => {
  const flags = new MemoryFlagStore();
  const { bus, runtime, sent } = legacyEmailBus(fixture.db, flags);
  const { due, later } = await seedEmails(fixture.db, 300);
  await fixture.db.query(`UPDATE email_queue SET to_address = 'not an address' WHERE id = $1`, [due[0]]);
  await new FlagService(flags).set('emails', 'symphony');

  const [emails] = await runBridge(runtime, bus);
  expect(emails).toMatchObject({ job: 'emails', mode: 'symphony', dispatched: due.length - 1, invalid: 1 });
  expect((await runBridge(runtime, bus))[0]!.dispatched).toBe(0); // taken rows are not taken twice
  const consumer = bus.consume('emails');
  await eventually(async () => (await emailStatuses(fixture.db)).sent === due.length - 1);
  await consumer.close();

  expect([...sent].sort()).toEqual(due.slice(1).sort());
  expect(await emailStatuses(fixture.db)).toEqual({ sent: due.length - 1, failed: 1, pending: later.length });
  const [failedOnce] = await fixture.db.query<{ attempts: number; last_error: string | null }>(
    `SELECT attempts, last_error FROM email_queue WHERE id = 7`,
  );
  expect(failedOnce).toEqual({ attempts: 2, last_error: null });
  const [invalid] = await fixture.db.query<{ last_error: string }>(
    `SELECT last_error FROM email_queue WHERE id = $1`,
    [due[0]],
  );
  expect(invalid!.last_error).toMatch(/^not sent: invalid email\.send: to:/);
});

it('a switch back to legacy mid-run sends nothing twice and leaves nothing held', async () => {
  const flags = new MemoryFlagStore();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const { bus, runtime, sent, entered } = legacyEmailBus(fixture.db, flags, { gate });
  const { due } = await seedEmails(fixture.db, 200);
  const service = new FlagService(flags, [releaseOnSwitchBack(fixture.db, legacy)]);
  await service.set('emails', 'symphony');
  await runBridge(runtime, bus);
  const consumer = bus.consume('emails');
  // 20 deliveries (the queue's concurrency) wait at the gate, each holding its row's lock.
  await eventually(() => entered.count === 20);

  const switching = service.set('emails', 'legacy'); // its release waits for the 20 rows in flight
  release();
  await switching;
  await consumer.close();
  const legacySent: string[] = [];
  const providers = {
    email: { send: async (mail: { to: string }) => void legacySent.push(mail.to) },
    sms: { send: async () => undefined },
  };
  while ((await processEmailQueue(fixture.db, new FlagClient(flags, 0), providers)).sent > 0);

  expect(sent.length).toBe(20);
  expect(sent.length + legacySent.length).toBe(due.length);
  expect(await emailStatuses(fixture.db)).toEqual({ sent: due.length, pending: 20 }); // the 20 due later
});
