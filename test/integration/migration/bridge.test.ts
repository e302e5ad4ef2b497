import { processEmailQueue } from '../../../examples/legacy-app/processors/email-queue.processor';
import { defineApp } from '../../../src/bus/app-definition';
import type { Symphony } from '../../../src/bus/symphony';
import { defineHandler } from '../../../src/handling/handler-registry';
import { FlagClient } from '../../../src/flags/flag-client';
import { FlagService } from '../../../src/flags/flag-service';
import { MemoryFlagStore } from '../../../src/flags/flag-store';
import { runBridge } from '../../../src/legacy/bridge/bridge';
import { legacyRowOf } from '../../../src/legacy/legacy-headers';
import type { LegacyRuntime } from '../../../src/legacy/legacy-runtime';
import { releaseOnSwitchBack } from '../../../src/legacy/release-hook';
import { legacyWriteBack } from '../../../src/legacy/write-back.middleware';
import { legacy } from '../../../queues/legacy';
import { emailSend, messages } from '../../../queues/messages';
import { routing } from '../../../queues/routing';
import { closeTestBuses, eventually, testBus } from '../../helpers/bus';
import { legacyFixture, seedEmails, type LegacyFixture } from '../../helpers/legacy';

let fixture: LegacyFixture;
beforeEach(async () => (fixture = await legacyFixture()));
afterEach(async () => {
  await closeTestBuses();
  await fixture.close();
});

/** A bus on Redis whose e-mail handler records each send (row id) and may be held at a gate. */
function emailBus(runtime: () => LegacyRuntime, gate: { open: Promise<void> } = { open: Promise.resolve() }) {
  const sent: string[] = [];
  const bus = testBus(
    defineApp({
      messages,
      routing,
      queues: { emails: { concurrency: 20, retry: { maxRetries: 1, delay: 10 } } },
      handlers: [
        defineHandler(emailSend, async (_mail, envelope) => {
          await gate.open;
          sent.push(legacyRowOf(envelope)!.id);
        }),
      ],
      middleware: { handle: [legacyWriteBack(legacy, async () => runtime())] },
    }),
  );
  return { bus, sent };
}

function runtimeFor(flags: MemoryFlagStore, bus: () => Symphony): LegacyRuntime {
  return {
    mapping: legacy,
    db: fixture.db,
    flags: new FlagClient(flags, 0),
    bus: async () => bus(),
    close: async () => undefined,
  };
}

const statuses = async () =>
  Object.fromEntries(
    (
      await fixture.db.query<{ status: string; n: string }>(
        `SELECT status, count(*) AS n FROM email_queue GROUP BY status`,
      )
    ).map((r) => [r.status, Number(r.n)]),
  );

it('moves due e-mail rows onto the bus once each and writes their outcome back', async () => {
  const flags = new MemoryFlagStore();
  const { bus, sent } = emailBus(() => rt);
  const rt = runtimeFor(flags, () => bus);
  const { due, later } = await seedEmails(fixture.db, 300);
  await fixture.db.query(`UPDATE email_queue SET to_address = 'not an address' WHERE id = $1`, [due[0]]);
  await new FlagService(flags).set('emails', 'symphony');

  const [emails] = await runBridge(rt, bus);
  expect(emails).toMatchObject({ job: 'emails', mode: 'symphony', dispatched: due.length - 1, invalid: 1 });
  expect((await runBridge(rt, bus))[0]!.dispatched).toBe(0); // taken rows are not taken twice
  const consumer = bus.consume('emails');
  await eventually(async () => (await statuses()).sent === due.length - 1);
  await consumer.close();

  expect([...sent].sort()).toEqual(due.slice(1).sort());
  expect(await statuses()).toEqual({ sent: due.length - 1, failed: 1, pending: later.length });
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
  const gate = { open: new Promise<void>((resolve) => (release = resolve)) };
  const { bus, sent } = emailBus(() => rt, gate);
  const rt = runtimeFor(flags, () => bus);
  const { due } = await seedEmails(fixture.db, 200);
  const service = new FlagService(flags, [releaseOnSwitchBack(fixture.db, legacy)]);
  await service.set('emails', 'symphony');
  await runBridge(rt, bus);
  const consumer = bus.consume('emails');
  // 20 deliveries wait at the gate, each holding its row's lock.
  await eventually(async () => (await bus.stats(['emails'])).emails!.active === 20);

  const switching = service.set('emails', 'legacy'); // waits for the 20 rows in flight
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
  expect(await statuses()).toEqual({ sent: due.length, pending: 20 }); // the 20 due later
});
