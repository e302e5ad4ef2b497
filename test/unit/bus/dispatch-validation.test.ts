import { z } from 'zod';
import { defineApp } from '../../../src/bus/app-definition';
import { createSymphony } from '../../../src/bus/symphony';
import { defaultConfig } from '../../../src/config/config';
import { ValidationError } from '../../../src/errors';
import { defineHandler } from '../../../src/handling/handler-registry';
import { defineMessage } from '../../../src/message/define-message';
import { createLogger } from '../../../src/logger';

const signup = defineMessage(
  'user.signup',
  z.object({ email: z.string().transform((s) => s.toLowerCase()), plan: z.string().default('free') }),
);

function bus(seen: unknown[]) {
  return createSymphony(
    defineApp({
      messages: [signup],
      routing: { '*': 'q' },
      handlers: [defineHandler(signup, (body) => void seen.push(body))],
    }),
    defaultConfig({ defaultDsn: 'memory://' }),
    { logger: createLogger('silent') },
  );
}

describe('validation at dispatch and at consume', () => {
  it('stores the body as given and hands the handler the parsed body (transforms run once)', async () => {
    const seen: unknown[] = [];
    const symphony = bus(seen);
    await symphony.dispatch(signup, { email: 'Ada@Example.COM' });
    expect(symphony.memory('q').sent()[0]!.body).toEqual({ email: 'Ada@Example.COM' });
    await symphony.flush();
    expect(seen).toEqual([{ email: 'ada@example.com', plan: 'free' }]);
    await symphony.close();
  });

  it('rejects a whole batch with the item index in each path, storing nothing', async () => {
    const symphony = bus([]);
    const error = await symphony
      .dispatchBatch([
        { type: signup, body: { email: 'a@b.co' } },
        { type: signup, body: { email: 42 } },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: '1.email' })]);
    expect(symphony.memory('q').sent()).toHaveLength(0);
    await symphony.close();
  });
});
