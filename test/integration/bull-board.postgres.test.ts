import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express from 'express';
import request from 'supertest';
import { BullMqTransport } from '../../src/transport/bullmq/bullmq-transport';
import { closeTestBuses, eventually, testBus } from '../helpers/bus';
import { dropTestSchemas, postgresDsn } from '../helpers/sql';
import { defineHandler, ping, testApp } from '../fixtures/test-app';

afterEach(closeTestBuses);
afterAll(dropTestSchemas);

/** Bull Board (the admin UI mounts it) reads a PostgreSQL-backed queue as it is. */
describe('Bull Board over a postgres:// queue', () => {
  it('lists the queue with the right counts', async () => {
    const app = testApp(
      [
        defineHandler(ping, ({ n }) => {
          if (n < 0) throw new Error('bad n');
        }),
      ],
      { queues: { work: { retry: { maxRetries: 0 } } } },
    );
    const bus = testBus(app, { defaultDsn: postgresDsn() });
    await bus.dispatch(ping, { n: 1 });
    await bus.dispatch(ping, { n: -1 });
    const consumer = bus.consume('work');
    await eventually(async () => {
      const { completed, failed } = (await bus.stats(['work'])).work!;
      return completed === 1 && failed === 1;
    });
    await consumer.close();
    await bus.dispatch(ping, { n: 2 }, { delay: 60_000 });
    await bus.dispatch(ping, { n: 3 });

    const transport = bus.queues.transport('work');
    expect(transport).toBeInstanceOf(BullMqTransport);
    const serverAdapter = new ExpressAdapter().setBasePath('/admin/queues');
    createBullBoard({
      queues: [new BullMQAdapter((transport as BullMqTransport).queue('work'))],
      serverAdapter,
    });
    const server = express().use('/admin/queues', serverAdapter.getRouter());

    const response = await request(server).get('/admin/queues/api/queues').expect(200);
    const [queue] = response.body.queues;
    expect(queue.name).toBe('work');
    expect(queue.counts).toMatchObject({ completed: 1, failed: 1, delayed: 1, prioritized: 1, active: 0 });
    expect(queue.type).toBe('bullmq');
  });
});
