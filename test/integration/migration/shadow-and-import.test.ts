import { processEmailQueue } from '../../../examples/legacy-app/processors/email-queue.processor';
import { FlagClient } from '../../../src/flags/flag-client';
import { FlagService } from '../../../src/flags/flag-service';
import { MemoryFlagStore } from '../../../src/flags/flag-store';
import { runBridge } from '../../../src/legacy/bridge/bridge';
import { compareShadow } from '../../../src/migrate/compare-shadow';
import { importBacklog } from '../../../src/migrate/import-backlog';
import { closeTestBuses, eventually } from '../../helpers/bus';
import { legacyFixture, seedEmails, type LegacyFixture } from '../../helpers/legacy';
import { emailStatuses, legacyEmailBus } from '../../fixtures/legacy-email-bus';

let fixture: LegacyFixture;
beforeEach(async () => (fixture = await legacyFixture()));
afterEach(async () => {
  await closeTestBuses();
  await fixture.close();
});

it('shadow: the legacy job sends, the bus records the same rows, migrate:compare shows where they differ', async () => {
  const flags = new MemoryFlagStore();
  const { bus, runtime, sent, recorded } = legacyEmailBus(fixture.db, flags, {
    refuse: ['user3@example.com'],
  });
  const { due } = await seedEmails(fixture.db, 50);
  await new FlagService(flags).set('emails', 'shadow');

  expect((await runBridge(runtime, bus))[0]).toMatchObject({ mode: 'shadow', dispatched: due.length });
  expect((await runBridge(runtime, bus))[0]!.dispatched).toBe(0); // each row is shadowed once
  const providers = { email: { send: async () => undefined }, sms: { send: async () => undefined } };
  await processEmailQueue(fixture.db, new FlagClient(flags, 0), providers);
  const consumer = bus.consume('emails');
  await eventually(async () => (await compareShadow(runtime, 'emails')).pairs.sent?.sent === due.length - 1);
  await eventually(async () => (await compareShadow(runtime, 'emails')).pairs.sent?.failed === 1);
  await consumer.close();

  expect(sent).toEqual([]); // nothing left the bus for real
  expect(recorded.length).toBe(due.length - 1);
  const comparison = await compareShadow(runtime, 'emails');
  expect(comparison).toEqual({
    job: 'emails',
    compared: due.length,
    pairs: { sent: { sent: due.length - 1, failed: 1 } },
    differences: [{ rowId: '3', legacy: 'sent', bus: 'failed', error: expect.stringContaining('550') }],
  });
  expect(await emailStatuses(fixture.db)).toMatchObject({ sent: due.length }); // statuses are the legacy job's
});

it('migrate:import moves the backlog at once, counts what it skips, and is safe to run twice', async () => {
  const flags = new MemoryFlagStore();
  const { bus, runtime } = legacyEmailBus(fixture.db, flags);
  const { due, later } = await seedEmails(fixture.db, 400);
  await expect(importBacklog(runtime, bus, 'emails')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  await new FlagService(flags).set('emails', 'symphony');

  const dry = await importBacklog(runtime, bus, 'emails', { dryRun: true });
  expect(dry).toMatchObject({ found: 400, dispatched: 0, skipped: { [skippedLater]: later.length } });
  expect(await emailStatuses(fixture.db)).toEqual({ pending: 400 });

  const progress: number[] = [];
  const first = await importBacklog(runtime, bus, 'emails', {
    batch: 100,
    onProgress: (done) => progress.push(done),
  });
  expect(first).toEqual({
    job: 'emails',
    dryRun: false,
    found: 400,
    dispatched: due.length,
    alreadyOnBus: 0,
    skipped: { [skippedLater]: later.length },
  });
  expect(progress.at(-1)).toBe(due.length);
  const second = await importBacklog(runtime, bus, 'emails', { batch: 100 });
  expect(second).toMatchObject({ found: 400, dispatched: 0, alreadyOnBus: due.length });
  expect((await bus.stats(['emails'])).emails).toMatchObject({ prioritized: due.length });
});

const skippedLater = 'not due yet (the bridge takes them when due)';
