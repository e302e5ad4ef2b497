import { closeTestBuses, eventually, redisUrl, testBus, uniquePrefix } from '../../helpers/bus';
import { defineHandler, ping, testApp } from '../../fixtures/test-app';
import { defaultConfig } from '../../../src/config/config';
import { FlagClient } from '../../../src/flags/flag-client';
import type { FlagMode } from '../../../src/flags/flag-mode';
import { FlagService } from '../../../src/flags/flag-service';
import { openFlags } from '../../../src/flags/open-flags';
import { openFlagStore } from '../../../src/transport/bullmq/open-flag-store';
import { dropTestSchemas, postgresDsn } from '../../helpers/sql';

afterEach(closeTestBuses);
afterAll(dropTestSchemas);

const stores: [string, () => { dsn: string; prefix: string }][] = [
  ['redis', () => ({ dsn: redisUrl(), prefix: uniquePrefix() })],
  ['postgres', () => ({ dsn: postgresDsn(), prefix: 'symphony' })],
];

describe.each(stores)('flags on %s', (_name, target) => {
  it('a running worker sees a switch made by another process within its cache time', async () => {
    const { dsn, prefix } = target();
    const config = defaultConfig({ defaultDsn: dsn, redisPrefix: prefix, autoMigrate: true });
    // The worker's flags: their own connection, as a worker process's write-back opens them.
    const workerFlags = openFlagStore(dsn, config);
    const client = new FlagClient(workerFlags.store, 200);
    const seen: FlagMode[] = [];
    const worker = testBus(
      testApp([defineHandler(ping, async () => void seen.push(await client.mode('emails')))]),
      config,
    );
    // The operator's side: another bus (the CLI's), its flags on the bus's own store.
    const operator = testBus(testApp(), config);
    const operatorFlags = openFlags(operator);
    const service = new FlagService(operatorFlags.store);
    try {
      const consumer = worker.consume('work');
      await consumer.ready();
      await operator.dispatch(ping, { n: 0 });
      await eventually(() => seen.length === 1);
      expect(seen).toEqual(['legacy']);

      await service.set('emails', 'symphony');
      await eventually(
        async () => {
          // counted before the dispatch: the worker may handle it before the dispatch's reply arrives
          const before = seen.length;
          await operator.dispatch(ping, { n: before });
          await eventually(() => seen.length > before);
          return seen.at(-1);
        },
        (mode) => mode === 'symphony',
      );
      expect(await service.list()).toEqual([
        { job: 'emails', mode: 'symphony', updatedAt: expect.any(String) },
        { job: 'campaigns', mode: 'legacy', updatedAt: null },
        { job: 'drips', mode: 'legacy', updatedAt: null },
      ]);
      await consumer.close();
    } finally {
      await operatorFlags.close();
      await workerFlags.close();
    }
  });

  it('refuses an unknown job or mode, field by field', async () => {
    const { dsn, prefix } = target();
    const flags = openFlagStore(dsn, defaultConfig({ defaultDsn: dsn, redisPrefix: prefix }));
    try {
      await expect(new FlagService(flags.store).set('emails', 'on')).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'mode', message: expect.stringContaining('legacy, symphony, shadow') }],
      });
      await expect(new FlagService(flags.store).set('mails', 'legacy')).rejects.toMatchObject({
        issues: [{ path: 'job', message: expect.stringContaining('emails, campaigns, drips') }],
      });
    } finally {
      await flags.close();
    }
  });
});
