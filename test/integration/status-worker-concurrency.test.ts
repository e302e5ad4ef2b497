import { z } from 'zod';
import { defineApp } from '../../src/bus/app-definition';
import { defineBatchHandler, defineHandler } from '../../src/handling/handler-registry';
import { defineMessage } from '../../src/message/define-message';
import { queueStatus } from '../../src/status/queue-status';
import { closeTestBuses, testBus } from '../helpers/bus';

afterEach(closeTestBuses);

const single = defineMessage('conc.single', z.object({}));
const batched = defineMessage('conc.batched', z.object({}));

describe('GET /status workerConcurrency', () => {
  it('is what workers start with: the configured value raised to the largest batch size', async () => {
    const app = defineApp({
      messages: [single, batched],
      routing: { 'conc.single': 'plain', 'conc.batched': 'batches' },
      queues: { plain: { concurrency: 3 }, batches: { concurrency: 2 } },
      handlers: [
        defineHandler(single, () => undefined),
        defineBatchHandler(batched, async () => undefined, { size: 50, maxWaitMs: 100 }),
      ],
    });
    const bus = testBus(app, { defaultDsn: 'memory://' });
    const status = await queueStatus(bus);
    expect(status.plain!.workerConcurrency).toBe(3);
    expect(status.batches!.workerConcurrency).toBe(50);
    expect(status.batches!.workerConcurrency).toBe(bus.concurrencyFor('batches'));
  });
});
