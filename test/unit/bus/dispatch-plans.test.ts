import { z } from 'zod';
import { defineApp } from '../../../src/bus/app-definition';
import { createSymphony, type Symphony } from '../../../src/bus/symphony';
import { defaultConfig } from '../../../src/config/config';
import { ValidationError } from '../../../src/errors';
import { defineMessage } from '../../../src/message/define-message';
import { createLogger } from '../../../src/logger';

const order = defineMessage('order.placed', z.object({ n: z.number() }));
const audit = defineMessage('audit.logged', z.object({ n: z.number() }));

/** Dispatches with no options or only a level are planned once per type and level: the plans must not leak. */
describe('dispatch plans (no options, or only a priority level)', () => {
  let bus: Symphony;
  beforeEach(() => {
    bus = createSymphony(
      defineApp({
        messages: [order, audit],
        routing: { 'order.*': 'orders', 'audit.*': 'audit' },
        queues: { orders: { priorityQueues: { critical: 'orders.critical' } }, audit: { priorities: false } },
      }),
      defaultConfig({ defaultDsn: 'memory://' }),
      { logger: createLogger('silent') },
    );
  });
  afterEach(() => bus.close());

  const sent = (queue: string) => bus.memory(queue).list(queue);

  it('gives each level its own priority and queue, and a fresh envelope every time', async () => {
    for (const priority of ['critical', 'high', 'critical', 'low', 'high'] as const) {
      await bus.dispatch(order, { n: 1 }, { priority });
    }
    await bus.dispatch(order, { n: 2 });
    expect(sent('orders.critical').map((r) => r.envelope.priority)).toEqual(['critical', 'critical']);
    const orders = sent('orders');
    expect(orders.map((r) => [r.envelope.priority, r.options.priority])).toEqual([
      ['high', 2000],
      ['low', 4000],
      ['high', 2000],
      ['normal', 3000],
    ]);
    expect(new Set(orders.map((r) => r.envelope.id)).size).toBe(4);
  });

  it('refuses a level on a queue without priorities every time, not only the first', async () => {
    for (let i = 0; i < 2; i++) {
      const error = await bus.dispatch(audit, { n: i }, { priority: 'high' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        expect.objectContaining({ path: 'options.priority' }),
      ]);
    }
    await bus.dispatch(audit, { n: 3 });
    expect(sent('audit')).toHaveLength(1);
  });

  it('validates every option given beside a level, and an unknown level', async () => {
    await bus.dispatch(order, { n: 1 }, { priority: 'high' }); // a plan for "high" exists now
    const besides = await bus
      .dispatch(order, { n: 1 }, { priority: 'high', delay: -1 })
      .catch((e: unknown) => e);
    expect((besides as ValidationError).issues).toEqual([expect.objectContaining({ path: 'options.delay' })]);
    const unknown = await bus
      .dispatch(order, { n: 1 }, { priority: 'urgent' as never })
      .catch((e: unknown) => e);
    expect((unknown as ValidationError).issues).toEqual([
      expect.objectContaining({ path: 'options.priority' }),
    ]);
    const extra = await bus
      .dispatch(order, { n: 1 }, { priority: 'high', colour: 'red' } as never)
      .catch((e: unknown) => e);
    expect(extra).toBeInstanceOf(ValidationError);
    expect(sent('orders')).toHaveLength(1);
  });
});
