import { z } from 'zod';
import { defineApp } from '../../../src/bus/app-definition';
import { createSymphony } from '../../../src/bus/symphony';
import { defaultConfig } from '../../../src/config/config';
import { ConfigError } from '../../../src/errors';
import { defineMessage } from '../../../src/message/define-message';

const ping = defineMessage('ping.send', z.object({}));
const appWith = (rateLimit: { max: number; durationMs: number }) =>
  defineApp({ messages: [ping], routing: { '*': 'q' }, queues: { q: { rateLimit } } });

describe('queue rate limit option', () => {
  it.each([
    { max: 0, durationMs: 1000 },
    { max: 1.5, durationMs: 1000 },
    { max: 10, durationMs: 0 },
  ])('refuses %j, naming the field', (rateLimit) => {
    const build = () => createSymphony(appWith(rateLimit), defaultConfig({ defaultDsn: 'memory://' }));
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/queues\.q\.rateLimit\.(max|durationMs): /);
  });

  it('accepts whole numbers', async () => {
    const bus = createSymphony(
      appWith({ max: 5, durationMs: 1000 }),
      defaultConfig({ defaultDsn: 'memory://' }),
    );
    await bus.close();
  });
});
