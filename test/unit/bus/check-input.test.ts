import { z } from 'zod';
import { createSymphony } from '../../../src/bus/symphony';
import { defaultConfig } from '../../../src/config/config';
import { ConfigError } from '../../../src/errors';
import { defineHandler } from '../../../src/handling/handler-registry';
import { defineMessage } from '../../../src/message/define-message';

const ping = defineMessage('t.ping', z.object({ n: z.number() }));
const app = { messages: [ping], routing: { '*': 'q' }, handlers: [defineHandler(ping, () => undefined)] };
const config = defaultConfig({ defaultDsn: 'memory://', logLevel: 'silent' });

function refusal(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('createSymphony checks its input field by field', () => {
  it('accepts a well-formed app and config', async () => {
    const bus = createSymphony(app, config);
    expect(bus.queues.names()).toEqual(['q']);
    await bus.close();
  });

  it('names a module namespace passed for the app (an .mts default-import mistake), not "not iterable"', () => {
    const namespace = { default: app, __esModule: true };
    const error = refusal(() => createSymphony(namespace as never, config));
    expect(error.message).toMatch(
      /^Invalid createSymphony\(app, config\) \(app is a module namespace: pass its default export\): /,
    );
    expect(error.fields.map((f) => f.path)).toEqual(['app.messages', 'app.routing']);
  });

  it('lists every wrong field of app and config', () => {
    const error = refusal(() =>
      createSymphony(
        {
          messages: [ping, { type: 'x' }],
          routing: { '*': '' },
          queues: { q: { concurrency: 0 } },
          handlers: [{ type: 't.ping' }],
        } as never,
        { ...config, defaultDsn: '', retention: undefined } as never,
      ),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.fields.map((f) => f.path)).toEqual([
      'app.messages.1',
      'app.routing.*',
      'app.queues.q.concurrency',
      'app.handlers.0',
      'config.defaultDsn',
      'config.retention',
    ]);
    expect(error.fields[0]!.message).toBe('expected a message made with defineMessage(type, zodSchema)');
    expect(error.message).toContain('(build config with configFromEnv() or defaultConfig({ … }))');
  });
});
