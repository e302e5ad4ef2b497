import { z } from 'zod';
import { defineApp } from '../../../src/bus/app-definition';
import { createSymphony } from '../../../src/bus/symphony';
import { defaultConfig } from '../../../src/config/config';
import { defineHandler } from '../../../src/handling/handler-registry';
import { defineMessage } from '../../../src/message/define-message';
import type { Envelope } from '../../../src/message/envelope';

const order = defineMessage('shop.order', z.object({ id: z.string() }));
const invoice = defineMessage('shop.invoice', z.object({ orderId: z.string() }));

describe('the bus a handler gets in its context', () => {
  it('dispatches follow-ups that carry the correlation id and name their cause', async () => {
    const seen: Envelope[] = [];
    const app = defineApp({
      messages: [order, invoice],
      routing: { '*': 'q' },
      handlers: [
        defineHandler(order, async ({ id }, _envelope, { bus }) => {
          await bus.dispatch(invoice, { orderId: id });
          await bus.dispatchBatch([
            { type: invoice, body: { orderId: `${id}-b` }, options: { causationId: 'mine' } },
          ]);
        }),
        defineHandler(invoice, async (_body, envelope) => void seen.push(envelope)),
      ],
    });
    const bus = createSymphony(app, defaultConfig({ defaultDsn: 'memory://' }));
    const { id } = await bus.dispatch(order, { id: 'o1' }, { correlationId: 'checkout-42' });
    await bus.flush();
    await bus.flush();
    expect(seen.map((e) => [e.body, e.correlationId, e.causationId])).toEqual([
      [{ orderId: 'o1' }, 'checkout-42', id],
      [{ orderId: 'o1-b' }, 'checkout-42', 'mine'],
    ]);
    await bus.close();
  });
});
